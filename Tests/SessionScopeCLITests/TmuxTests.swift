import Foundation
import Testing

/// End-to-end through a real terminal: the real binary inside tmux, driven with send-keys and
/// read with capture-pane. Runs wherever tmux is installed, and always in CI.
let tmuxAvailable =
    ProcessInfo.processInfo.environment["CI"] == "true"
    || FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")

final class TmuxSession {
    let socket = "sessionscope-test-\(UUID().uuidString.prefix(8))"
    let name = "t"
    let directory: URL

    init(width: Int = 100, height: Int = 30) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // The first command forks the tmux server, which would hold a capture pipe open.
        try tmux(
            capture: false,
            [
                "new-session", "-d", "-s", name, "-x", String(width), "-y", String(height),
                "-e", "LANG=C.UTF-8", "-e", "TERM=tmux-256color", "bash --norc --noprofile",
            ])
    }

    deinit {
        _ = try? tmux(capture: false, ["kill-server"])
        try? FileManager.default.removeItem(at: directory)
    }

    @discardableResult
    func tmux(capture: Bool = true, _ arguments: [String]) throws -> String {
        try Spawn.run("/usr/bin/tmux", ["-L", socket] + arguments, capture: capture).output
    }

    func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }
    func press(_ key: String) throws { try tmux(["send-keys", "-t", name, key]) }
    func screen() throws -> String { try tmux(["capture-pane", "-t", name, "-p"]) }

    /// Waits (up to 10 s) until the screen satisfies a condition; returns the screen.
    @discardableResult
    func waitFor(_ what: String, _ condition: (String) -> Bool) throws -> String {
        for _ in 0..<200 {
            let text = try screen()
            if condition(text) { return text }
            usleep(50_000)
        }
        let text = try screen()
        Issue.record("timed out waiting for \(what); screen:\n\(text)")
        return text
    }

    /// Starts a command between two `stty -g` snapshots (and records its exit status).
    func startBetweenSttySnapshots(_ command: String) throws {
        let dir = directory.path
        try type(
            "stty -g > \(dir)/before; \(command); echo \"exit=$?\" > \(dir)/status; stty -g > \(dir)/after; echo "
                + "END-OF-\"\"RUN"
        )
        try press("Enter")
    }

    /// Waits for the command to end; expects the terminal settings as they were; returns its
    /// exit status line.
    @discardableResult
    func expectTerminalRestored(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitFor("the shell") { $0.contains("END-OF-RUN") }
        let dir = directory.path
        let before = try String(contentsOfFile: "\(dir)/before", encoding: .utf8)
        let after = try String(contentsOfFile: "\(dir)/after", encoding: .utf8)
        #expect(before == after, "stty settings were not restored", sourceLocation: sourceLocation)
        return try String(contentsOfFile: "\(dir)/status", encoding: .utf8)
    }

    /// Waits until two captures in a row agree (the UI has finished drawing).
    func settled() throws -> String {
        var previous = try screen()
        for _ in 0..<40 {
            usleep(100_000)
            let now = try screen()
            if now == previous { return now }
            previous = now
        }
        return previous
    }
}

@Test(.enabled(if: tmuxAvailable))
func replayInARealTerminalStepsForwardAndBackAndRestoresIt() throws {
    let session = try TmuxSession()
    let scenario = session.directory.appendingPathComponent("walk.scn").path
    try Data(
        """
        title "tmux walk"
        browser alice
        alice get /
        pause
        alice login alice
        say en "Alice is logged in."
        say ko "앨리스가 로그인했습니다."
        advance 31m
        """.utf8
    ).write(to: URL(fileURLWithPath: scenario))
    try session.startBetweenSttySnapshots("\(Binary.url.path) replay \(scenario) --lang ko")
    // In Korean, the header too: "0단계 (총 8)" is step 0 of 8.
    try session.waitFor("the UI") { $0.contains("0단계 (총 8)") }
    let first = try session.settled()
    #expect(first.contains("┌ 브라우저 (0)"))

    for _ in 0..<8 { try session.press("Right") }
    let last = try session.waitFor("the last step") { $0.contains("8단계 (총 8)") }
    #expect(last.contains("시계 0:31:00"))
    #expect(last.contains("앨리스가 로그인했습니다."))
    #expect(last.contains("alice    열림"), "the panes speak Korean too")

    for _ in 0..<8 { try session.press("Left") }
    try session.waitFor("the first step") { $0.contains("0단계 (총 8)") }
    #expect(try session.settled() == first)

    // The : line takes any statement; it opens a branch off the walkthrough.
    try session.type(":browser zed")
    try session.press("Enter")
    try session.waitFor("zed") { $0.contains("zed      열림") && $0.contains("갈래 +1") }

    // One unsaved action: q asks first, a second q quits.
    try session.type("q")
    try session.waitFor("the quit guard") { $0.contains("저장하지 않은 동작이 1개") }
    try session.type("q")
    #expect(try session.expectTerminalRestored() == "exit=0\n")
}

@Test(.enabled(if: tmuxAvailable))
func ctrlCInTheInteractiveUIRestoresTheTerminal() throws {
    let session = try TmuxSession(width: 90, height: 26)
    try session.startBetweenSttySnapshots(Binary.url.path)
    try session.waitFor("the UI") { $0.contains("sessionscope │ clock") }
    try session.type(":browser alice")
    try session.press("Enter")
    try session.waitFor("alice") { $0.contains("alice    open") }
    try session.press("C-c")
    #expect(try session.expectTerminalRestored() == "exit=130\n")
}

@Test(.enabled(if: tmuxAvailable))
func aTinyTerminalSaysSoAndRecoversOnResize() throws {
    let session = try TmuxSession(width: 50, height: 15)
    try session.type("\(Binary.url.path)")
    try session.press("Enter")
    try session.waitFor("too small") { $0.contains("terminal too small") && $0.contains("need 80×24, have 50×15") }
    try session.tmux(["resize-window", "-t", session.name, "-x", "100", "-y", "30"])
    try session.waitFor("the UI after resize") { $0.contains("┌ Browsers") }
    try session.type("q")
}

@Test func withoutATerminalItPointsAtHeadless() throws {
    let run = try Binary.run([])
    #expect(run.status == 2)
    #expect(run.stderr.contains("replay FILE --headless"))
}

@Test(.enabled(if: tmuxAvailable))
func tortureResizesGarbageAndLongPastesThenCtrlCInTheCommandLine() throws {
    let session = try TmuxSession(width: 100, height: 30)
    try session.startBetweenSttySnapshots(Binary.url.path)
    try session.waitFor("the UI") { $0.contains("sessionscope │ clock") }
    // A resize storm, down to 1×1 and back.
    for (w, h) in [(1, 1), (20, 5), (200, 60), (1, 1), (81, 24), (33, 99), (100, 30)] {
        try session.tmux(["resize-window", "-t", session.name, "-x", String(w), "-y", String(h)])
    }
    try session.waitFor("the UI after the storm") { $0.contains("┌ Browsers") }
    // Binary garbage and escape sequences as keys.
    var random = SystemRandomNumberGenerator()
    let garbage = String(
        (0..<400).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x21...0x7e, using: &random))) }
    )
    .replacingOccurrences(of: "q", with: "").replacingOccurrences(of: ":", with: "").replacingOccurrences(
        of: "w", with: "")
    try session.type(garbage)
    try session.type("\u{1b}[1;5A\u{1b}[200~\u{1b}OP\u{7f}\u{1b}")
    try session.waitFor("still alive") { $0.contains("sessionscope │ clock") }
    // A very long paste into the : line, then Ctrl-C while typing.
    try session.press("Escape")
    try session.type(":" + String(repeating: "browser x ", count: 800))
    try session.press("C-c")
    #expect(try session.expectTerminalRestored() == "exit=130\n", "Ctrl-C should end with 130")
}

@Test(.enabled(if: tmuxAvailable))
func theUISaysWhenThereIsNoNarrationInTheLanguage() throws {
    // Standard error is hidden while the UI has the screen: the warning is on its status line.
    let session = try TmuxSession(width: 132, height: 30)
    try session.type("\(Binary.url.path) --servers 3 --lang xx")
    try session.press("Enter")
    let screen = try session.waitFor("the warning") {
        $0.contains("there is no 'xx' narration in the walkthroughs (they have en, ko)")
    }
    // The cluster of the command line is the one the keys act on.
    #expect(screen.contains("servers=3"))
    try session.type("]]x")
    try session.waitFor("server-3 killed") { $0.contains("server-3 ✖ down") }
    try session.type("q")
}
