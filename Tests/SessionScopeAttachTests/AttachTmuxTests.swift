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
    let socket = "sessionscope-attach-\(UUID().uuidString.prefix(8))"
    func tmux(_ arguments: [String], capture: Bool = true) -> String {
        (try? TmuxSpawn.run("/usr/bin/tmux", ["-L", socket] + arguments, capture: capture).output) ?? ""
    }
    defer { _ = tmux(["kill-server"], capture: false) }
    let command = "\(Binary.url.path) attach \(server.url) --every 200ms; echo $? > \(dir.path)/status; sleep 30"
    // The first command forks the tmux server, which would hold a capture pipe open.
    _ = tmux(
        [
            "new-session", "-d", "-s", "t", "-x", "110", "-y", "24", "-e", "LANG=C.UTF-8", "-e", "TERM=tmux-256color",
            command,
        ], capture: false)
    func waitFor(_ text: String) -> String {
        var screen = ""
        for _ in 0..<200 {
            screen = tmux(["capture-pane", "-t", "t", "-p"])
            if screen.contains(text) { return screen }
            usleep(50_000)
        }
        Issue.record("timed out waiting for \(text); screen:\n\(screen)")
        return screen
    }
    let first = waitFor("flask-session · 5 sessions")
    #expect(first.contains("Store: redis 127.0.0.1:\(server.port)/0 · flask-session"))
    #expect(first.contains("Enter open  / filter  r refresh  ? help  q quit"))
    _ = tmux(["send-keys", "-t", "t", "-l", "/alice"])
    _ = waitFor("filter: alice")
    _ = tmux(["send-keys", "-t", "t", "Enter"])
    _ = tmux(["send-keys", "-t", "t", "Enter"])
    let detail = waitFor("user = \"alice\"")
    #expect(detail.contains("Session \(written[0].id)"))
    #expect(detail.contains("raw value"))
    _ = tmux(["send-keys", "-t", "t", "Escape"])
    _ = waitFor("filter 'alice': 1")
    _ = tmux(["send-keys", "-t", "t", "q"])
    var status = ""
    for _ in 0..<100 where status.isEmpty {
        status = (try? String(contentsOfFile: "\(dir.path)/status", encoding: .utf8)) ?? ""
        usleep(50_000)
    }
    #expect(status == "0\n")
}
