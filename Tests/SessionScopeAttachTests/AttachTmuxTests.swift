import Foundation
import SessionScopeStores
import Testing

let tmuxAvailable = inCI || FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")

/// The real binary's terminal UI (ncurses) inside tmux against a real Redis with Flask-Session's
/// sessions: the store pane, `/` filter, Enter for one session whole, Esc, `q` quits with 0.
@Test(.enabled(if: tmuxAvailable && redisAvailable && pythonLibrariesAvailable))
func theTerminalUIInTmux() throws {
    let server = try RedisServerProcess()
    defer { server.stop() }
    let written = Fixture.script("flask_sessions.py", [String(server.port)])
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let command = "\(Binary.url.path) attach \(server.url) --every 200ms; echo $? > \(dir.path)/status; sleep 30"
    let terminal = AttachTerminal(width: 110, command: command)
    defer { terminal.stop() }
    func waitFor(_ text: String) -> String {
        var screen = ""
        for _ in 0..<200 {
            screen = terminal.tmux(["capture-pane", "-t", "t", "-p"])
            if screen.contains(text) { return screen }
            usleep(50_000)
        }
        Issue.record("timed out waiting for \(text); screen:\n\(screen)")
        return screen
    }
    let first = waitFor("flask-session · 5 sessions")
    #expect(first.contains("Store: redis 127.0.0.1:\(server.port)/0 · flask-session"))
    #expect(first.contains("Enter open  / filter  r refresh  ? help  q quit"))
    _ = terminal.tmux(["send-keys", "-t", "t", "-l", "/alice"])
    _ = waitFor("filter: alice")
    _ = terminal.tmux(["send-keys", "-t", "t", "Enter"])
    _ = terminal.tmux(["send-keys", "-t", "t", "Enter"])
    let detail = waitFor("user = \"alice\"")
    #expect(detail.contains("Session \(written[0].id)"))
    #expect(detail.contains("raw value"))
    _ = terminal.tmux(["send-keys", "-t", "t", "Escape"])
    _ = waitFor("filter 'alice': 1")
    _ = terminal.tmux(["send-keys", "-t", "t", "q"])
    var status = ""
    for _ in 0..<100 where status.isEmpty {
        status = (try? String(contentsOfFile: "\(dir.path)/status", encoding: .utf8)) ?? ""
        usleep(50_000)
    }
    #expect(status == "0\n")
}

/// A terminal that goes away (the tmux server killed: the window closed, the link dropped)
/// ends the UI: ncurses then returns at once from every read, and the loop must not spin.
@Test(.enabled(if: tmuxAvailable && redisAvailable))
func theUIEndsWhenItsTerminalGoesAway() throws {
    let server = try RedisServerProcess()
    defer { server.stop() }
    try RedisWriter(server).send("SET", "session:a", #"{"user":"alice"}"#)
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    // In a session of its own (setsid), attach gets no SIGHUP when the terminal goes: only
    // the dead terminal itself can tell it to stop.
    let command = "echo $$ > \(dir.path)/shell; setsid -w \(Binary.url.path) attach \(server.url); sleep 30"
    let terminal = AttachTerminal(width: 100, command: command)
    defer { terminal.stop() }
    var screen = ""
    for _ in 0..<200 where !screen.contains("flask-session · 1 session") {
        screen = terminal.tmux(["capture-pane", "-t", "t", "-p"])
        usleep(50_000)
    }
    #expect(screen.contains("flask-session · 1 session"), "\(screen)")
    let shell = try #require(
        Int32(
            String(contentsOfFile: "\(dir.path)/shell", encoding: .utf8).trimmingCharacters(
                in: .whitespacesAndNewlines)))
    // bash → setsid -w → attach.
    func child(of pid: Int32) -> Int32? {
        let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { Int32($0) }
    }
    let setsid = try #require(child(of: shell))
    let attach = child(of: setsid) ?? setsid
    let tmuxServer = try #require(
        Int32(
            terminal.tmux(["display", "-p", "-t", "t", "#{pid}"]).trimmingCharacters(
                in: .whitespacesAndNewlines)))
    kill(tmuxServer, SIGKILL)
    var gone = false
    for _ in 0..<100 where !gone {
        usleep(50_000)
        // Gone, or a zombie waiting for init to reap it.
        let state = (try? String(contentsOfFile: "/proc/\(attach)/stat", encoding: .utf8)) ?? ""
        gone = state.isEmpty || state.contains(") Z ")
    }
    if !gone { kill(attach, SIGKILL) }
    kill(shell, SIGKILL)
    #expect(gone, "attach still running after its terminal went away")
}

/// A private tmux server (its own socket) with one 24-line session `t` running `command`,
/// as both tests here start it.
private struct AttachTerminal {
    let socket = "sessionscope-attach-\(UUID().uuidString.prefix(8))"

    init(width: Int, command: String) {
        // The first command forks the tmux server, which would hold a capture pipe open.
        _ = tmux(
            [
                "new-session", "-d", "-s", "t", "-x", String(width), "-y", "24", "-e", "LANG=C.UTF-8",
                "-e", "TERM=tmux-256color", command,
            ], capture: false)
    }

    /// Runs tmux on this server; its output, or "" when it fails.
    func tmux(_ arguments: [String], capture: Bool = true) -> String {
        (try? Spawn.run("/usr/bin/tmux", ["-L", socket] + arguments, capture: capture).output) ?? ""
    }

    /// Ends the server and what runs in it.
    func stop() { _ = tmux(["kill-server"], capture: false) }
}
