import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeUI
import Testing

/// The bundled walkthroughs, read from the repository.
func bundledScenario(_ name: String) throws -> Scenario {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenarios").appendingPathComponent(name)
    return try Parser.parse(file: name, source: String(contentsOf: url, encoding: .utf8))
}

/// A replay model of statements, as `sessionscope replay` builds it.
func replayModel(_ statements: [Statement], language: String = "en") throws -> AppModel {
    var model = AppModel(
        timeline: try Timeline(file: "w", statements: statements), isReplay: true, language: language, colors: false)
    model.showLatency = false
    return model
}

/// The narration a stop after statement `index` must show first: the chosen line of the latest
/// run of `say` before it in its chapter, cut to its first words (which wrapping keeps on a line).
func expectedNarration(_ statements: [Statement], before end: Int, language: String) -> String? {
    var index = end - 1
    while index >= 0 {
        if case .say = statements[index].kind { break }
        if case .pause = statements[index].kind, index != end - 1 { return nil }
        index -= 1
    }
    guard index >= 0 else { return nil }
    var start = index
    while start > 0, case .say = statements[start - 1].kind { start -= 1 }
    let run = Array(statements[start...index])
    let visible = NarrationFilter.visible(run, language: language).sorted()
    guard let last = visible.last, case .say(_, let text) = run[last].kind else { return nil }
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}

/// The narration pane's inside, as text.
func narrationText(_ screen: Screen) -> String {
    let rows = screen.text.split(separator: "\n", omittingEmptySubsequences: false)
    guard let top = rows.lastIndex(where: { $0.hasPrefix("┌ ") && ($0.contains("Narration") || $0.contains("설명")) })
    else { return "" }
    return rows[(top + 1)...].prefix { $0.hasPrefix("│") }.joined(separator: "\n")
}

@Test(arguments: ["06-idle-timeout.scn", "04-browser-close.scn"], ["en", "ko"])
func narrationIsNeverBlankAtAStop(file: String, language: String) throws {
    let scenario = try bundledScenario(file)
    var model = try replayModel(scenario.statements, language: language)
    var stops = 0
    // PgDn to every chapter stop, and the end.
    while !model.timeline.isAtEnd, stops < 50 {
        model.handle(.key(.pageDown))
        stops += 1
        let screen = View.render(model, width: 80, height: 24)
        let expected = expectedNarration(
            model.timeline.statements, before: model.timeline.position, language: language)
        let pane = narrationText(screen)
        if let expected {
            #expect(pane.contains(expected), "stop \(stops) at \(model.timeline.position):\n\(screen.text)")
        }
        #expect(!pane.trimmingCharacters(in: .whitespacesAndNewlines.union(["│"])).isEmpty, "\(screen.text)")
    }
    #expect(stops >= 2)
    // p plays to each pause and halts there with the chapter's narration showing.
    model.handle(.key(.home))
    model.handle(.key(.character("p")))
    var halts = 0
    var ticks = 0
    while model.playing || !model.timeline.isAtEnd, ticks < 500 {
        ticks += 1
        if !model.playing { model.handle(.key(.character("p"))) }
        model.playTick()
        if !model.playing {
            halts += 1
            let pane = narrationText(View.render(model, width: 80, height: 24))
            #expect(!pane.trimmingCharacters(in: .whitespacesAndNewlines.union(["│"])).isEmpty)
        }
    }
    #expect(halts == stops)
}

@Test func theHeaderNamesTheWalkthroughAndItsChapter() throws {
    let scenario = try Parser.parse(
        file: "n.scn",
        source: """
            title "Balancers"
            browser alice
            say "first"
            pause "The balancer forgets"
            alice get /
            say "second"
            """)
    var model = try replayModel(scenario.statements)
    model.handle(.key(.pageDown))
    let top = View.render(model, width: 80, height: 24).text.split(separator: "\n")[0]
    #expect(top.contains("Balancers │ chapter 1/2 The balancer forgets │ step 4/6"))
    #expect(narrationText(View.render(model, width: 80, height: 24)).contains("first"))
    model.handle(.key(.pageDown))
    #expect(View.render(model, width: 80, height: 24).text.contains("chapter 2/2"))
}

@Test func steppingInEnglishNeverStopsOnKoreanNarration() throws {
    let scenario = try bundledScenario("06-idle-timeout.scn")
    var model = try replayModel(scenario.statements)
    var stopsAfter: [Statement.Kind] = []
    while !model.timeline.isAtEnd {
        model.handle(.key(.right))
        stopsAfter.append(model.timeline.steps.last!.statement.kind)
    }
    #expect(!stopsAfter.contains { if case .say("ko", _) = $0 { true } else { false } })
    // And back again: every stop on the way back was one on the way forward.
    var back: [Int] = []
    while model.timeline.position > 0 {
        model.handle(.key(.left))
        back.append(model.timeline.position)
    }
    #expect(back.count == stopsAfter.count)
}

@Test func aStrayKeyOpensABranchAndEscReturns() throws {
    let scenario = try bundledScenario("06-idle-timeout.scn")
    var model = try replayModel(scenario.statements)
    for _ in 0..<4 { model.handle(.key(.right)) }
    let position = model.timeline.position
    let length = scenario.statements.count
    model.handle(.key(.character("x")))
    #expect(model.inBranch)
    #expect(!model.world.servers[0].isUp)
    let top = String(View.render(model, width: 80, height: 24).text.split(separator: "\n")[0])
    #expect(top.contains("step \(position)/\(length) · branch +1"), "\(top)")
    #expect(View.render(model, width: 80, height: 24).text.contains("Esc walkthrough"))
    model.handle(.key(.escape))
    #expect(!model.inBranch)
    #expect(model.timeline.position == position)
    #expect(model.timeline.statements == scenario.statements)
    #expect(model.world.servers[0].isUp)
    // Going on from there is the walkthrough again.
    model.handle(.key(.end))
    #expect(model.timeline.position == length)
}

@Test func wWritesTheBranch() throws {
    let scenario = try bundledScenario("06-idle-timeout.scn")
    var model = try replayModel(scenario.statements)
    for _ in 0..<4 { model.handle(.key(.right)) }
    model.handle(.key(.character("x")))
    var written: String?
    let terminal = HeadlessTerminal(width: 80, height: 24, inputs: HeadlessTerminal.keys("wbranch.scn\n"))
    let app = App(model: model, terminal: terminal, realMilliseconds: { 0 }, writeFile: { _, text in written = text })
    app.run(stopWhenIdle: true)
    let text = try #require(written)
    #expect(text.hasSuffix("server-1 kill\n"))
    #expect(text.contains("alice login alice"))
}
