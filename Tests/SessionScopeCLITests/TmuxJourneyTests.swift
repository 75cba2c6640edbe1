import Foundation
import Testing

/// The journeys of issue 12 as a person takes them: the real binary in tmux at 80×24.
enum Journey {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenarios")

    /// The narration pane's inside on a captured screen.
    static func narration(_ screen: String) -> String {
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        guard let top = rows.lastIndex(where: { $0.hasPrefix("┌ Narration") || $0.hasPrefix("┌ 설명") }) else {
            return ""
        }
        return rows[(top + 1)...].prefix { $0.hasPrefix("│") }
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "│ ")) }.joined(separator: " ")
    }
}

@Test(.enabled(if: tmuxAvailable), arguments: ["06-idle-timeout.scn", "04-browser-close.scn"])
func narrationShowsAtEveryChapterStopInARealTerminal(file: String) throws {
    let session = try TmuxSession(width: 80, height: 24)
    let path = Journey.scenarios.appendingPathComponent(file).path
    let pauses = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        .filter { $0.hasPrefix("pause") }.count
    try session.type("\(Binary.url.path) replay \(path)")
    try session.press("Enter")
    try session.waitFor("the UI") { $0.contains("step 0/") }
    for stop in 1...pauses {
        try session.press("PageDown")
        let screen = try session.waitFor("stop \(stop)") { $0.contains("chapter \(stop)/") }
        let text = try session.settled()
        #expect(!Journey.narration(text).isEmpty, "stop \(stop) has no narration:\n\(screen)")
    }
    try session.type("q")
}

@Test(.enabled(if: tmuxAvailable))
func aStrayKeyBranchesAndEscReturnsInARealTerminal() throws {
    let session = try TmuxSession(width: 80, height: 24)
    let path = Journey.scenarios.appendingPathComponent("06-idle-timeout.scn").path
    try session.type("\(Binary.url.path) replay \(path)")
    try session.press("Enter")
    try session.waitFor("the UI") { $0.contains("step 0/16") }
    for _ in 0..<4 { try session.press("Right") }
    try session.waitFor("step 4") { $0.contains("step 4/16") }
    try session.type("x")
    try session.waitFor("the branch") { $0.contains("step 4/16 · branch +1") && $0.contains("✖ down") }
    try session.press("Escape")
    try session.waitFor("the walkthrough again") { $0.contains("step 4/16") && !$0.contains("branch") }
    try session.press("End")
    try session.waitFor("the end") { $0.contains("step 16/16") }
    try session.type("q")
    try session.waitFor("the shell") { !$0.contains("step 16/16") }
}

@Test(.enabled(if: tmuxAvailable))
func fiveBrowsersTheFilterAndTheQuitGuardInARealTerminal() throws {
    let session = try TmuxSession(width: 80, height: 24)
    try session.startBetweenSttySnapshots(Binary.url.path)
    try session.waitFor("the UI") { $0.contains("sessionscope │ clock") }
    try session.type("nnnnn")
    let five = try session.waitFor("five browsers") { $0.contains("Browsers (5)") }
    for name in ["alice", "bob", "carol", "dave", "erin"] { #expect(five.contains(name), "\(five)") }
    try session.type("/car")
    try session.press("Enter")
    let filtered = try session.waitFor("the filter") { $0.contains("1 of 5 · /car") }
    #expect(!filtered.contains("dave     open"))
    try session.press("Escape")
    try session.waitFor("all again") { $0.contains("Browsers (5)") && $0.contains("dave") }
    try session.type("q")
    try session.waitFor("the quit guard") { $0.contains("5 unsaved actions: q again quits") }
    try session.type("q")
    #expect(try session.expectTerminalRestored() == "exit=0\n")
}

@Test(.enabled(if: tmuxAvailable))
func theDetailViewShowsTheTokensSubjectInARealTerminal() throws {
    let session = try TmuxSession(width: 80, height: 24)
    try session.type("\(Binary.url.path) --store jwt")
    try session.press("Enter")
    try session.waitFor("the UI") { $0.contains("sessionscope │ clock") }
    try session.type("nl")
    try session.press("Enter")
    try session.press("Enter")
    try session.waitFor("logged in") { $0.contains("\"sub\":\"alice\"") }
    try session.press("Enter")
    // The whole view: a capture can come while its first lines are drawn over the panes.
    let detail = try session.waitFor("the detail view") {
        $0.contains("Details: browser alice") && $0.contains("signature valid")
    }
    #expect(detail.contains("\"sub\":\"alice\""))
    #expect(detail.contains("signature valid"))
    try session.press("Escape")
    try session.type("q")
    try session.waitFor("the quit guard") { $0.contains("unsaved actions") }
    try session.type("q")
}

@Test(.enabled(if: tmuxAvailable))
func koreanChromeInARealTerminal() throws {
    let session = try TmuxSession(width: 80, height: 24)
    let path = Journey.scenarios.appendingPathComponent("06-idle-timeout.scn").path
    try session.type("\(Binary.url.path) replay \(path) --lang ko")
    try session.press("Enter")
    try session.waitFor("the UI") { $0.contains("0단계") }
    try session.press("PageDown")
    let stop = try session.waitFor("the stop") { $0.contains("1장") }
    #expect(stop.contains("? 도움말"))
    #expect(stop.contains("q 끝내기"))
    #expect(Journey.narration(try session.settled()).contains("요청할 때마다"))
    try session.type("q")
}
