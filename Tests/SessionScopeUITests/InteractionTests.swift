import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores
import SessionScopeUI
import Testing

func headlessApp(
    _ keys: [InputEvent], statements: [Statement] = [], replay: Bool = false,
    width: Int = 100, height: Int = 30
) throws -> (App, HeadlessTerminal) {
    let timeline = try Timeline(file: "t", statements: statements)
    var model = AppModel(timeline: timeline, isReplay: replay, colors: false)
    model.showLatency = false
    let terminal = HeadlessTerminal(width: width, height: height, inputs: keys)
    let app = App(model: model, terminal: terminal, realMilliseconds: { 0 }, writeFile: { _, _ in })
    return (app, terminal)
}

@Test func commandLineRunsStatementsAndShowsThem() throws {
    let keys = HeadlessTerminal.keys(":browser alice\n:alice login alice\n")
    let (app, terminal) = try headlessApp(keys)
    app.run(stopWhenIdle: true)
    let screen = try #require(terminal.lastScreen).text
    #expect(screen.contains("alice    open"))
    #expect(screen.contains("now belongs to alice"))
    #expect(app.model.world.browser(named: "alice")?.last?.user == "alice")
}

@Test func aBadStatementGetsTheFileMessageAndChangesNothing() throws {
    let keys = HeadlessTerminal.keys(":browser alice\n:advance 30x\n")
    let (app, terminal) = try headlessApp(keys)
    app.run(stopWhenIdle: true)
    #expect(
        app.model.message?.text
            == "command:1:9: error: bad duration '30x' (use <integer><unit> groups with units ms s m h d, e.g. 30m "
            + "or 1h30m)"
    )
    #expect(app.model.timeline.position == 1)
    #expect(try #require(terminal.lastScreen).text.contains("command:1:9: error: bad duration"))
}

@Test func triggersByKey() throws {
    // n opens alice, v visits /, l logs in (Enter takes the defaults), g visits /me, x kills server-1.
    let keys: [InputEvent] = HeadlessTerminal.keys("nvl\n\ng") + [.key(.character("x"))]
    let (app, _) = try headlessApp(keys)
    app.run(stopWhenIdle: true)
    let world = app.model.world
    #expect(world.browsers.map(\.name) == ["alice"])
    #expect(world.servers[0].isUp == false)
    #expect(
        app.model.timeline.statements.map(\.text) == [
            "browser alice", "alice get /", "alice login alice password=secret", "alice get /me", "server-1 kill",
        ])
}

@Test func replayStepsForwardAndBackToTheVeryFirstScreen() throws {
    let scenario = try Parser.parse(
        file: "r.scn",
        source: """
            title "Steps"
            browser alice
            alice get /
            pause
            alice login alice
            say "logged in"
            advance 31m
            """)
    let (app, terminal) = try headlessApp([], statements: scenario.statements, replay: true)
    app.run(stopWhenIdle: true)
    let first = try #require(terminal.lastScreen)
    let forward = Array(repeating: InputEvent.key(.right), count: 7)
    let (app2, terminal2) = try headlessApp(
        forward + Array(repeating: .key(.left), count: 7), statements: scenario.statements, replay: true)
    app2.run(stopWhenIdle: true)
    #expect(terminal2.presented[7].text.contains("clock 0:31:00"))
    #expect(terminal2.presented[7].text.contains("logged in"))
    #expect(terminal2.lastScreen == first)
    #expect(app2.model.timeline.position == 0)
}

@Test func chaptersJumpBetweenPauses() throws {
    let scenario = try Parser.parse(file: "c.scn", source: "browser a\npause\na get /\npause\na get /me\n")
    let (app, _) = try headlessApp([.key(.pageDown)], statements: scenario.statements, replay: true)
    app.run(stopWhenIdle: true)
    #expect(app.model.timeline.position == 2)
    let (app2, _) = try headlessApp(
        [.key(.pageDown), .key(.pageDown), .key(.pageUp)], statements: scenario.statements, replay: true)
    app2.run(stopWhenIdle: true)
    #expect(app2.model.timeline.position == 2)
}

@Test func interveningWhileRewoundForksTheFuture() throws {
    let scenario = try Parser.parse(file: "f.scn", source: "browser alice\nalice get /\nalice login alice\n")
    let keys: [InputEvent] = [.key(.right), .key(.right)] + HeadlessTerminal.keys(":server-1 kill\n")
    let (app, _) = try headlessApp(keys, statements: scenario.statements, replay: true)
    app.run(stopWhenIdle: true)
    #expect(app.model.timeline.statements.map(\.text) == ["browser alice", "alice get /", "server-1 kill"])
}

@Test func recordingReplaysToTheSameState() throws {
    var written: (String, String)?
    let timeline = try Timeline(file: "t")
    var model = AppModel(timeline: timeline, isReplay: false, colors: false)
    for line in ["browser alice", "alice login alice", "advance 10m", "browser bob", "bob steal alice", "bob get /me"] {
        let ok = model.run(line)
        #expect(ok)
    }
    let terminal = HeadlessTerminal(width: 100, height: 30, inputs: HeadlessTerminal.keys("wsaved.scn\n"))
    let app = App(
        model: model, terminal: terminal, realMilliseconds: { 0 }, writeFile: { path, text in written = (path, text) })
    app.run(stopWhenIdle: true)
    let (path, text) = try #require(written)
    #expect(path == "saved.scn")
    let scenario = try Parser.parse(file: path, source: text)
    var replay = try ScenarioRun(scenario: scenario)
    try replay.runToEnd { _ in }
    #expect(replay.world.browsers == app.model.world.browsers)
    #expect(replay.world.servers == app.model.world.servers)
    #expect(replay.world.clock == app.model.world.clock)
}

/// The boxes of a screen by the first word of their title (`Browsers`, `server-2`, `Store`):
/// their inside, as column and row ranges.
func panes(of screen: Screen) -> [String: (columns: Range<Int>, rows: Range<Int>)] {
    var result: [String: (columns: Range<Int>, rows: Range<Int>)] = [:]
    for y in 0..<screen.height {
        for x in 0..<screen.width where screen[x, y].character == "┌" {
            guard let right = (x + 1..<screen.width).first(where: { screen[$0, y].character == "┐" }),
                let bottom = (y + 1..<screen.height).first(where: { screen[x, $0].character == "└" })
            else { continue }
            let title = String((x + 1..<right).map { screen[$0, y].character })
            let words = title.split(whereSeparator: { $0 == "─" || $0 == " " || $0 == "▶" || $0 == ":" })
            guard let name = words.first else { continue }
            result[String(name)] = (x + 1..<right, y + 1..<bottom)
        }
    }
    return result
}

/// Where `text` is written inside a pane: each place's cells, and whether all are reversed.
func places(of text: String, in pane: (columns: Range<Int>, rows: Range<Int>), on screen: Screen) -> [Bool] {
    let characters = Array(text)
    var found: [Bool] = []
    for y in pane.rows {
        for x in pane.columns where x + characters.count <= pane.columns.upperBound {
            let cells = (0..<characters.count).map { screen[x + $0, y] }
            if cells.map(\.character) == characters { found.append(cells.allSatisfy(\.style.reverse)) }
        }
    }
    return found
}

@Test("selecting a session highlights it in every pane that holds it", arguments: ["local", "replicated", "sqlite"])
func selectingASessionHighlightsItInEveryPane(store: String) throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    var model = try Golden.model(
        ["cluster store=\(store)", "browser alice", "browser bob", "alice login alice", "bob get /"],
        factory: provider.make)
    model.selectedBrowser = 0
    #expect(model.browser?.name == "alice")
    let selected = try #require(model.selectedSession)
    let other = try #require(model.world.browser(named: "bob")?.jar.cookies.first { $0.name == "SID" }?.value)
    let screen = View.render(model, width: 132, height: 40)
    let boxes = panes(of: screen)
    // The panes that hold alice's session: her jar, the servers whose memory has it, the store.
    var holders: Set<String> = ["Browsers"]
    for server in model.world.servers where server.table[selected] != nil { holders.insert(server.name) }
    if store == "sqlite" { holders.insert("Store") }
    #expect(holders.count >= 2, "the session must be held somewhere besides the jar")
    for (name, box) in boxes where !["Trace", "Narration"].contains(name) {
        let mine = places(of: String(selected.description.prefix(8)), in: box, on: screen)
        if holders.contains(name) {
            #expect(!mine.isEmpty, "\(store): \(name) holds alice's session but does not show it")
            #expect(mine.allSatisfy { $0 }, "\(store): alice's session is not highlighted in \(name)")
        } else {
            #expect(mine.isEmpty, "\(store): \(name) shows alice's session without holding it")
        }
        // Bob's session is shown plainly wherever it is.
        #expect(
            !places(of: String(other.prefix(8)), in: box, on: screen).contains(true),
            "\(store): bob's session is highlighted in \(name)")
    }
    #expect(Set(boxes.keys).isSuperset(of: holders), "\(store): panes \(boxes.keys.sorted())")
}

@Test func resizingReLaysOut() throws {
    let (app, terminal) = try headlessApp(HeadlessTerminal.keys("n") + [.resize])
    app.run(stopWhenIdle: true)
    terminal.size = (70, 20)
    app.run(stopWhenIdle: true)
    #expect(try #require(terminal.lastScreen).text.contains("terminal too small"))
    terminal.size = (120, 40)
    app.run(stopWhenIdle: true)
    #expect(try #require(terminal.lastScreen).width == 120)
}

@Test func manyServersScroll() throws {
    let model = try Golden.model(["cluster servers=16", "browser alice", "alice get /"])
    let text = View.render(model, width: 100, height: 30).text
    // More than fit side by side: a line a server, and the selected server's table in full.
    #expect(text.contains("Servers (16)"))
    #expect(text.contains("▶server-1 ● up · 1 session"))
    #expect(text.contains("Servers (16) ↓"))
}

@Test func theFrameDoesNotGrowWithTheNumberOfSessions() throws {
    // The panes must touch only what is visible. Both crowds are past the server pane's
    // sort limit; a pane that walked every session would take about four times as long for
    // the larger one. The best of several renders keeps a busy machine's noise out.
    func bestFrame(_ crowd: Int) throws -> (Double, String) {
        let model = try Golden.model(["crowd \(crowd)"])
        var best = Double.infinity
        var text = ""
        for _ in 0..<7 {
            let start = ContinuousClock.now
            let screen = View.render(model, width: 132, height: 40)
            let elapsed = ContinuousClock.now - start
            best = min(best, Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
            text = screen.text
        }
        return (best, text)
    }
    let (small, smallText) = try bestFrame(10_000)
    let (large, largeText) = try bestFrame(40_000)
    #expect(smallText.contains("Browsers (10000)"))
    #expect(largeText.contains("Browsers (40000)"))
    #expect(largeText.contains("20000 sessions"))
    #expect(large < small * 2 + 5, "a frame took \(small) ms with 10,000 sessions and \(large) ms with 40,000")
}

@Test func theCommandLineKnowsExactlyTheNamesBeforeThePosition() throws {
    let scenario = try Parser.parse(file: "n.scn", source: "browser alice\nbrowser bob\nbob get /\n")
    // All the way forward, back to just after alice, then statements on both names.
    let keys: [InputEvent] =
        [.key(.end), .key(.left), .key(.left)] + HeadlessTerminal.keys(":bob get /\n:alice get /\n")
    let (app, _) = try headlessApp(keys, statements: scenario.statements, replay: true)
    app.run(stopWhenIdle: true)
    // bob was opened after the position: unknown there, and the error changed nothing.
    #expect(app.model.timeline.statements.map(\.text) == ["browser alice", "alice get /"])
    #expect(app.model.world.browser(named: "alice")?.last?.status == 200)
}

@Test func theBalancerPaneMarksEveryBrowserCarryingTheSelectedSession() throws {
    // mallory holds a copy of alice's cookie; bob has his own session.
    var model = try Golden.model([
        "cluster servers=2 balancer=sticky-cookie", "browser alice", "browser mallory", "browser bob",
        "alice login alice", "bob login bob", "mallory steal alice", "mallory get /me",
    ])
    model.handle(.key(.up))
    #expect(model.browser?.name == "mallory")
    let screen = View.render(model, width: 132, height: 40)
    func routeNameIsReversed(_ name: String) -> Bool? {
        let rows = screen.text.split(separator: "\n", omittingEmptySubsequences: false)
        for (y, row) in rows.enumerated() {
            guard let range = row.range(of: "\(name) → server-") else { continue }
            let x = row.distance(from: row.startIndex, to: range.lowerBound)
            return (x..<(x + name.count)).allSatisfy { screen[$0, y].style.reverse }
        }
        return nil
    }
    #expect(routeNameIsReversed("mallory") == true)
    #expect(routeNameIsReversed("alice") == true)
    #expect(routeNameIsReversed("bob") == false)
}

@Test func aCrowdSaysItIsRunningBeforeItRuns() throws {
    let (app, terminal) = try headlessApp(HeadlessTerminal.keys(":crowd 2000 login=on\n"))
    app.run(stopWhenIdle: true)
    let running = terminal.presented.firstIndex { $0.text.contains("running crowd 2000 login=on…") }
    let done = terminal.presented.firstIndex { $0.text.contains("Browsers (2000)") }
    #expect(running != nil)
    #expect(done != nil)
    if let running, let done { #expect(running < done, "the message comes first, then the crowd") }
    #expect(!(try #require(terminal.lastScreen).text.contains("running crowd")))
    #expect(app.model.world.browsers.count == 2000)
}
