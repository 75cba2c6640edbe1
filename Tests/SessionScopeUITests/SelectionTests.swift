import SessionScopeCore
import SessionScopeScenario
import SessionScopeUI
import Testing

/// The row of the screen whose text contains `text` (and its column), for clicking on it.
func cell(of text: String, on screen: Screen, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> (
    x: Int, y: Int
) {
    let rows = screen.text.split(separator: "\n", omittingEmptySubsequences: false)
    let y = try #require(
        rows.firstIndex { $0.contains(text) }, "no \(text) on the screen", sourceLocation: sourceLocation)
    let prefix = rows[y][..<rows[y].range(of: text)!.lowerBound]
    return (DisplayWidth.of(String(prefix)), y)
}

@Test func traceStepsAreSelectedAndEnterOpensTheWholeExchange() throws {
    var model = try Golden.model(["browser alice", "alice login alice", "alice get /me", "advance 1m"])
    model.handle(.key(.character("<")))
    #expect(model.ui.traceSelection == 3)
    model.handle(.key(.character("<")))
    model.handle(.key(.character("<")))
    #expect(model.ui.traceSelection == 1)
    let screen = View.render(model, width: 80, height: 24).text
    #expect(screen.contains("Trace · ▶ alice login alice · Enter opens it whole"), "\(screen)")
    // The selected step is in sight even though newer ones follow it.
    #expect(screen.contains("2 | alice login alice"), "\(screen)")
    model.handle(.key(.enter))
    let detail = View.render(model, width: 80, height: 24).text
    let sid = try #require(
        model.timeline.steps[1].events.compactMap { event -> String? in
            if case .cookieSet(_, let cookie, _) = event { return cookie.value }
            return nil
        }.first)
    #expect(detail.contains("Details: line 2 | alice login alice"), "\(detail)")
    // The whole Set-Cookie, and the cookie as stored with every attribute.
    let joined = detail.split(separator: "\n").map { $0.trimmingCharacters(in: .init(charactersIn: "│ ")) }
        .joined(separator: " ")
    #expect(joined.contains("Set-Cookie: SID=\(sid); Path=/; HttpOnly"), "\(detail)")
    #expect(joined.contains("stored SID=\(sid)"), "\(detail)")
    #expect(joined.contains("HttpOnly · not Secure · no SameSite"), "\(detail)")
    model.handle(.key(.escape))
    #expect(model.ui.detail == nil)
    // = moves on; past the newest nothing is selected; Esc also lets go.
    model.handle(.key(.character("=")))
    #expect(model.ui.traceSelection == 2)
    model.handle(.key(.character("=")))
    model.handle(.key(.character("=")))
    #expect(model.ui.traceSelection == nil)
    model.handle(.key(.character("<")))
    model.handle(.key(.escape))
    #expect(model.ui.traceSelection == nil)
    // With nothing selected in the trace, Enter opens the browser as before.
    model.handle(.key(.enter))
    #expect(model.ui.detail == .browser("alice"))
}

@Test func aServerTableScrollsWithMoreMarkers() throws {
    var model = try Golden.model(["cluster servers=1", "crowd 30"])
    let first = View.render(model, width: 80, height: 24).text
    #expect(first.contains("↓ "), "\(first)")
    #expect(!first.contains("↑ "), "\(first)")
    for _ in 0..<3 { model.handle(.key(.character("J"))) }
    let scrolled = View.render(model, width: 80, height: 24).text
    #expect(scrolled.contains("↑ 9 more"), "\(scrolled)")
    #expect(scrolled.contains("↓ "), "\(scrolled)")
    for _ in 0..<20 { model.handle(.key(.character("J"))) }
    let bottom = View.render(model, width: 80, height: 24).text
    #expect(!bottom.contains("↓ 0 more"), "\(bottom)")
    for _ in 0..<30 { model.handle(.key(.character("K"))) }
    #expect(View.render(model, width: 80, height: 24).text == first)
}

@Test func clicksSelectBrowsersServersSessionsAndTraceLines() throws {
    var model = try Golden.model([
        "cluster servers=3", "browser alice", "browser bob", "browser carol", "alice login alice", "bob login bob",
    ])
    model.selectedBrowser = 0
    let (w, h) = (132, 40)
    var screen = View.render(model, width: w, height: h)
    // A browser's line.
    let carol = try cell(of: "carol    open", on: screen)
    model.handle(MouseEvent(.press, x: carol.x, y: carol.y), width: w, height: h)
    #expect(model.browser?.name == "carol")
    // A server pane selects that server.
    screen = View.render(model, width: w, height: h)
    let server3 = try cell(of: "server-3 ● up", on: screen)
    model.handle(MouseEvent(.press, x: server3.x + 3, y: server3.y + 2), width: w, height: h)
    #expect(model.selectedServer == 3)
    // A session row selects the browser that holds it.
    let bobSID = try #require(model.world.browser(named: "bob")?.jar.cookies.first?.value)
    screen = View.render(model, width: w, height: h)
    let row = try cell(of: String(bobSID.prefix(8)) + "…", on: screen)
    #expect(!screen.text.split(separator: "\n")[row.y].contains("Browsers"))
    model.handle(MouseEvent(.press, x: row.x, y: row.y), width: w, height: h)
    #expect(model.browser?.name == "bob", "\(screen.text)")
    // A trace line selects its step; the wheel scrolls the trace.
    screen = View.render(model, width: w, height: h)
    let login = try cell(of: "| bob login bob", on: screen)
    model.handle(MouseEvent(.press, x: login.x, y: login.y), width: w, height: h)
    #expect(model.ui.traceSelection == 5)
    model.handle(MouseEvent(.wheelUp, x: login.x, y: login.y), width: w, height: h)
    #expect(model.ui.traceSelection == nil)
    #expect(model.traceScroll == 3)
    model.handle(MouseEvent(.wheelDown, x: login.x, y: login.y), width: w, height: h)
    #expect(model.traceScroll == 0)
    // The wheel over the browsers moves the selection.
    model.handle(MouseEvent(.wheelDown, x: carol.x, y: carol.y), width: w, height: h)
    #expect(model.browser?.name == "carol")
}

@Test func theAppMapsTerminalMouseEventsThroughTheLayout() throws {
    let keys = HeadlessTerminal.keys(":browser alice\n:browser bob\n")
    let (app, terminal) = try headlessApp(keys, width: 100, height: 30)
    app.run(stopWhenIdle: true)
    let screen = try #require(terminal.lastScreen)
    let alice = try cell(of: "alice    open", on: screen)
    terminal.inputs = [.mouse(MouseEvent(.press, x: alice.x, y: alice.y))]
    app.run(stopWhenIdle: true)
    #expect(app.model.browser?.name == "alice")
    #expect(try #require(terminal.lastScreen).text.contains("▶ alice"))
}
