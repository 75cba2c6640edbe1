import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeUI
import Testing

/// The last row of a screen (the key bar).
func keyBarRow(_ screen: Screen) -> String {
    String(screen.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().last ?? "")
}

@Test(arguments: [false, true], ["en", "ko"])
func theKeyBarAlwaysShowsHelpCommandAndQuit(replay: Bool, language: String) throws {
    let scenario = try bundledScenario("06-idle-timeout.scn")
    var model = try replayModel(replay ? scenario.statements : [], language: language)
    if !replay {
        model = AppModel(timeline: try Timeline(file: "i"), isReplay: false, language: language, colors: false)
    }
    for width in [80, 100, 132] {
        let bar = keyBarRow(View.render(model, width: width, height: 24))
        let words =
            language == "ko" ? ["? 도움말", ": 명령", "q 끝내기"] : ["? help", ": command", "q quit"]
        for word in words { #expect(bar.contains(word), "\(width): \(bar)") }
    }
}

@Test func helpFitsEightyColumnsWithoutCuttingWords() throws {
    var model = try Golden.model([])
    model.handle(.key(.character("?")))
    var pages: [String] = []
    for _ in 0..<6 {
        pages.append(View.render(model, width: 80, height: 24).text)
        model.handle(.key(.pageDown))
    }
    let text = pages.joined(separator: "\n")
    let words = Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "│" }).map(String.init))
    // `E` is listed only in live mode with an engine's configuration.
    for binding in KeyMap.bindings where binding.action != .engineConfig {
        for word in binding.help.split(separator: " ") {
            #expect(words.contains(String(word)), "'\(word)' of '\(binding.help)' is cut or missing")
        }
    }
    #expect(pages[0].contains("Help 1/"))
}

@Test func fiveBrowsersAreAllVisibleAtEightyColumns() throws {
    let names = ["alice", "bob", "carol", "dave", "erin"]
    let model = try Golden.model(names.flatMap { ["browser \($0)", "\($0) login \($0)"] })
    let screen = View.render(model, width: 80, height: 24).text
    for name in names { #expect(screen.contains(name), "\(name) missing:\n\(screen)") }
}

@Test func manyBrowsersSayHowManyMore() throws {
    let model = try Golden.model((1...12).map { "browser b\($0)" })
    let screen = View.render(model, width: 80, height: 24).text
    #expect(screen.contains("↑ 8 more") && screen.contains("▶*b12"), "\(screen)")
    var first = model
    for _ in 0..<11 { first.handle(.key(.character("k"))) }
    let top = View.render(first, width: 80, height: 24).text
    #expect(top.contains("▶ b1 ") && top.contains("↓ 8 more"), "\(top)")
}

@Test func theFilterShowsOnlyWhatMatches() throws {
    var model = try Golden.model(["alice", "bob", "carol"].map { "browser \($0)" })
    for key in HeadlessTerminal.keys("/car\n") { model.handle(key) }
    let screen = View.render(model, width: 80, height: 24).text
    #expect(screen.contains("carol"))
    #expect(!screen.contains("bob      open"))
    #expect(screen.contains("1 of 3 · /car"))
    model.handle(.key(.escape))
    #expect(View.render(model, width: 80, height: 24).text.contains("bob"))
}

@Test func upAndDownMoveAmongTheBrowsersTheFilterShows() throws {
    var model = try Golden.model(["anna", "bob", "carl", "cara", "dave"].map { "browser \($0)" })
    for key in HeadlessTerminal.keys("/car\n") { model.handle(key) }
    #expect(model.browser?.name == "carl")
    model.handle(.key(.down))
    #expect(model.browser?.name == "cara")
    model.handle(.key(.down))
    #expect(model.browser?.name == "carl", "wraps among the shown")
    model.handle(.key(.up))
    #expect(model.browser?.name == "cara")
    model.handle(.key(.escape))
    model.handle(.key(.down))
    #expect(model.browser?.name == "dave", "without a filter, every browser")
}

@Test func theDetailViewShowsTheWholeToken() throws {
    var model = try Golden.model(["cluster store=jwt", "browser alice", "alice login alice"])
    #expect(View.render(model, width: 80, height: 24).text.contains("\"sub\":\"alice\""))
    model.handle(.key(.enter))
    let screen = View.render(model, width: 80, height: 24).text
    #expect(screen.contains("Details: browser alice"))
    #expect(screen.contains("\"sub\":\"alice\""))
    #expect(screen.contains("signature valid"))
    #expect(screen.contains("HttpOnly"))
    #expect(screen.contains("session on") == false, "a token lives nowhere but the browser")
    model.handle(.key(.escape))
    #expect(model.ui.detail == nil)
}

@Test func quitAsksFirstWhenActionsAreUnsaved() throws {
    var model = try Golden.model([])
    model.handle(.key(.character("q")))
    #expect(model.shouldQuit)
    model = try Golden.model(["browser alice"])
    model.handle(.key(.character("q")))
    #expect(!model.shouldQuit)
    #expect(View.render(model, width: 80, height: 24).text.contains("1 unsaved action: q again quits"))
    model.handle(.key(.escape))
    #expect(!model.shouldQuit)
    model.handle(.key(.character("q")))
    model.handle(.key(.character("q")))
    #expect(model.shouldQuit)
}

@Test func writeAsksBeforeOverwritingAndABadPathIsOneLine() throws {
    let model = try Golden.model(["browser alice"])
    var written: [String] = []
    let terminal = HeadlessTerminal(width: 80, height: 24, inputs: HeadlessTerminal.keys("wold.scn\n"))
    let app = App(
        model: model, terminal: terminal, realMilliseconds: { 0 }, writeFile: { path, _ in written.append(path) },
        fileExists: { $0 == "old.scn" })
    app.run(stopWhenIdle: true)
    #expect(written.isEmpty)
    #expect(try #require(terminal.lastScreen).text.contains("old.scn exists: y overwrites it"))
    terminal.inputs = HeadlessTerminal.keys("y")
    app.run(stopWhenIdle: true)
    #expect(written == ["old.scn"])
    #expect(app.model.ui.unsavedActions == 0)

    struct Failure: Error, CustomStringConvertible { var description: String { "No such file or directory\nmore" } }
    let failing = App(
        model: model, terminal: HeadlessTerminal(width: 80, height: 24, inputs: HeadlessTerminal.keys("w/no/x.scn\n")),
        realMilliseconds: { 0 }, writeFile: { _, _ in throw Failure() })
    failing.run(stopWhenIdle: true)
    #expect(failing.model.message?.text == "cannot write /no/x.scn: No such file or directory")
}

@Test func aClusterLineAsksFirst() throws {
    var model = try Golden.model(["browser alice"])
    for key in HeadlessTerminal.keys(":cluster servers=3\n") { model.handle(key) }
    #expect(model.world.servers.count == 2)
    #expect(View.render(model, width: 80, height: 24).text.contains("cluster wipes the world"))
    model.handle(.key(.character("y")))
    #expect(model.world.servers.count == 3)
}

@Test func sixteenServersGetAnOverview() throws {
    var model = try Golden.model(["cluster servers=16", "browser alice", "alice login alice"])
    for _ in 0..<2 { model.handle(.key(.character("]"))) }
    let screen = View.render(model, width: 80, height: 24).text
    #expect(screen.contains("Servers (16)"))
    #expect(screen.contains("▶server-3"))
    #expect(screen.contains("Servers (16) ↑1 ↓12"), "\(screen)")
}

@Test func smallKeysDoNotRecordNoOps() throws {
    var model = try Golden.model(["browser alice"])
    let before = model.timeline.statements.count
    model.handle(.key(.character("r")))
    #expect(model.message?.text == "alice is already open (c closes it)")
    model.handle(.key(.character("e")))
    #expect(model.message?.text == "alice's cookie jar is already empty")
    model.handle(.key(.character("s")))
    #expect(model.message?.text == "no other browser to steal from: n opens one")
    #expect(model.timeline.statements.count == before)
    _ = model.run("alice close")
    model.handle(.key(.character("g")))
    #expect(model.message?.text == "alice is closed: r reopens it")
}

@Test func theKoreanCatalogueCoversEveryEnglishKey() throws {
    let english = try #require(L10n.catalogues["en"])
    let korean = try #require(L10n.catalogues["ko"])
    let missing = Set(english.keys).subtracting(korean.keys)
    #expect(missing.isEmpty, "no Korean for \(missing.sorted())")
    // Placeholders agree, so no number or name is lost in translation.
    for (key, text) in english {
        for n in 0..<4 where text.contains("{\(n)}") {
            #expect(korean[key]?.contains("{\(n)}") == true, "\(key) loses {\(n)}")
        }
    }
}

@Test func everyKeyHasKoreanHelpAndTheChromeIsKorean() throws {
    for binding in KeyMap.bindings {
        #expect(L10n.help(binding, "ko") != binding.help, "no Korean help for \(binding.label)")
    }
    var model = try Golden.model(["browser alice"], language: "ko")
    let screen = View.render(model, width: 80, height: 24).text
    for word in ["브라우저 (1)", "트레이스", "시계", "n 새 브라우저", "? 도움말"] {
        #expect(screen.contains(word), "'\(word)' missing:\n\(screen)")
    }
    model.handle(.key(.character("?")))
    let help = View.render(model, width: 80, height: 24).text
    #expect(help.contains("도움말 1/"))
    #expect(help.contains("서버와 저장소") || help.contains("브라우저"))
}

@Test func aPresenterRemoteBlanksTheScreen() throws {
    var model = try Golden.model(["browser alice"])
    model.handle(.key(.character(".")))
    let blank = View.render(model, width: 80, height: 24).text
    #expect(!blank.contains("alice"))
    #expect(blank.contains("b or . shows the screen again"))
    model.handle(.key(.character("b")))
    #expect(View.render(model, width: 80, height: 24).text.contains("alice"))
    #expect(model.timeline.statements.count == 1)
}

@Test func theDetailViewSaysWhereTheSessionLives() throws {
    var model = try Golden.model(["browser alice", "alice login alice"])
    model.handle(.key(.enter))
    let screen = View.render(model, width: 80, height: 24).text
    #expect(screen.contains("session on server-1: user alice"), "\(screen)")
}

@Test func theTraceWrapsAWholeSetCookie() throws {
    let model = try Golden.model(["cluster balancer=sticky-cookie", "browser alice", "alice login alice"])
    let screen = View.render(model, width: 80, height: 24).text
    let rows = screen.split(separator: "\n").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "│ ")) }
    let joined = rows.joined(separator: " ")
    #expect(joined.contains("HttpOnly"), "\(screen)")
    #expect(!screen.contains("HttpO…"))
}
