import Foundation
import Testing

/// The UI journeys added for issues 12 (items 4, 7, 9) and 14 (item 5), as a person takes
/// them: the real binary in tmux at 80×24.
extension TmuxSession {
    /// Sends a mouse event as an xterm (X10 encoding) would: `button` 0 is the left button,
    /// 64 and 65 the wheel up and down; `x` and `y` are 0-based cells.
    func mouse(button: Int, x: Int, y: Int) throws {
        func event(_ code: Int) -> String {
            "\u{1B}[M" + String(UnicodeScalar(UInt8(32 + code))) + String(UnicodeScalar(UInt8(33 + x)))
                + String(UnicodeScalar(UInt8(33 + y)))
        }
        // A press of a button is followed by its release (3), as a terminal sends it.
        try type(event(button) + (button < 64 ? event(3) : ""))
    }

    /// Starts the interactive UI with `arguments` and waits for it.
    func startUI(_ arguments: String = "") throws {
        try type("\(Binary.url.path) \(arguments)")
        try press("Enter")
        try waitFor("the UI") { $0.contains("sessionscope │") }
    }
}

@Test(.enabled(if: tmuxAvailable))
func aCrowdShowsProgressAndEscCancelsItInARealTerminal() throws {
    let session = try TmuxSession(width: 80, height: 24)
    try session.startUI()
    try session.type("n")
    try session.type(":crowd 2000000 login=on")
    try session.press("Enter")
    try session.waitFor("the progress") { $0.contains("of 2,000,000 guests") && $0.contains("Esc cancels") }
    try session.press("Escape")
    let after = try session.waitFor("the cancel") { $0.contains("crowd cancelled: the world is as it was before it") }
    #expect(after.contains("Browsers (1)"), "\(after)")
    #expect(after.contains("no sessions"), "\(after)")
    // Nothing of it was recorded: one unsaved action (the browser), not two.
    try session.type("q")
    try session.waitFor("the quit guard") { $0.contains("1 unsaved action") }
    try session.type("q")
}

@Test(.enabled(if: tmuxAvailable))
func steppingBackWithSQLiteSaysItRebuiltInARealTerminal() throws {
    let session = try TmuxSession(width: 80, height: 24)
    try session.startUI("--store sqlite")
    try session.type("nl")
    try session.press("Enter")
    try session.press("Enter")
    try session.waitFor("logged in") { $0.contains("● up · 1 session") }
    try session.press("Left")
    let back = try session.waitFor("the rebuild") { $0.contains("rebuilt from the start in a fresh store: sqlite") }
    #expect(back.contains("alice"), "\(back)")
    try session.type("q")
    try session.waitFor("the quit guard") { $0.contains("unsaved action") }
    try session.type("q")
}

@Test(.enabled(if: tmuxAvailable))
func theMouseSelectsBrowsersAndTraceStepsInARealTerminal() throws {
    let session = try TmuxSession(width: 80, height: 24)
    try session.startUI()
    try session.type("nnn")
    try session.waitFor("three browsers") { $0.contains("▶*carol") }
    // alice's line is the first inside the browsers pane: row 2, column 5.
    try session.mouse(button: 0, x: 5, y: 2)
    try session.waitFor("alice selected") { $0.contains("▶ alice") }
    // A click on a step's line in the trace selects it; Enter opens it whole.
    let screen = try session.screen()
    let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
    let row = try #require(rows.firstIndex { $0.contains("| browser bob") }, "\(screen)")
    try session.mouse(button: 0, x: 10, y: row)
    try session.waitFor("the step selected") { $0.contains("Trace · ▶ browser bob") }
    try session.press("Enter")
    try session.waitFor("the exchange") { $0.contains("Details: line 2 | browser bob") }
    try session.press("Escape")
    try session.waitFor("the panes again") { $0.contains("Trace · ▶ browser bob") }
    // The wheel over the browsers moves the selection.
    try session.mouse(button: 65, x: 5, y: 3)
    try session.waitFor("bob selected") { $0.contains("▶ bob") }
    try session.type("q")
    try session.waitFor("the quit guard") { $0.contains("unsaved actions") }
    try session.type("q")
}

@Test(.enabled(if: tmuxAvailable))
func stealViaScriptAndTwoRequestsAtOnceInARealTerminal() throws {
    let session = try TmuxSession(width: 80, height: 24)
    try session.startUI()
    try session.type("nl")
    try session.press("Enter")
    try session.press("Enter")
    try session.type("n")
    try session.waitFor("mallory's turn") { $0.contains("▶*bob") }
    try session.type("s")
    try session.waitFor("whose") { $0.contains("bob steals the cookies of: [alice]") }
    try session.press("Enter")
    try session.waitFor("how") { $0.contains("how: copy") }
    try session.type("script")
    try session.press("Enter")
    try session.waitFor("the script's theft") { $0.contains("not readable by a script (HttpOnly)") }
    try session.type("k")
    try session.type("a")
    try session.waitFor("the together prompt") {
        $0.contains("together [alice post /cart item=pen | alice post /prefs theme=dark]")
    }
    try session.press("Enter")
    try session.waitFor("its lines") { $0.contains("saved whole") }
    try session.type("<")
    try session.waitFor("together") { $0.contains("Trace · ▶ together alice post /cart item=pen") }
    try session.type("q")
    try session.waitFor("the quit guard") { $0.contains("unsaved actions") }
    try session.type("q")
}
