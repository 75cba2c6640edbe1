import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores
import SessionScopeUI
import Testing

/// Golden screens: the view rendered through the headless terminal, compared as text with
/// Golden/NAME-WxH.txt. Run with SESSIONSCOPE_UPDATE_GOLDEN=1 to rewrite them (then read
/// the diff before committing).
enum Golden {
    static let update = ProcessInfo.processInfo.environment["SESSIONSCOPE_UPDATE_GOLDEN"] == "1"

    static func check(
        _ model: AppModel, _ name: String, width: Int, height: Int,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let text = View.render(model, width: width, height: height).text
        let file = "\(name)-\(width)x\(height).txt"
        if update {
            let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
            try Data(text.utf8).write(to: dir.appendingPathComponent(file))
            return
        }
        let url = try #require(
            Bundle.module.url(forResource: "Golden/" + file, withExtension: nil), "missing golden \(file)",
            sourceLocation: sourceLocation)
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "screen \(file) differs:\n\(text)", sourceLocation: sourceLocation)
    }

    /// A model after running statements as the `:` line would.
    static func model(
        _ statements: [String], settings: ClusterSettings = ClusterSettings(),
        factory: @escaping StoreFactory = inMemoryStore, language: String = "en"
    ) throws -> AppModel {
        let timeline = try Timeline(file: "golden", settings: settings, storeFactory: factory)
        var model = AppModel(timeline: timeline, isReplay: false, language: language, colors: false)
        model.showLatency = false
        for statement in statements {
            let ok = model.run(statement)
            #expect(ok, "\(statement): \(model.message?.text ?? "")")
        }
        model.message = nil
        return model
    }
}

let sizes = [(80, 24), (132, 40)]

@Test func freshCluster() throws {
    for (w, h) in sizes { try Golden.check(try Golden.model([]), "fresh", width: w, height: h) }
}

@Test func loggedInUser() throws {
    let model = try Golden.model([
        "browser alice", "browser bob", "alice get /", "alice login alice", "bob get /", "alice get /me",
    ])
    for (w, h) in sizes { try Golden.check(model, "logged-in", width: w, height: h) }
}

@Test func serverDown() throws {
    let model = try Golden.model([
        "cluster servers=3 balancer=sticky-cookie", "browser alice", "alice login alice",
        "server-1 kill", "alice get /me",
    ])
    for (w, h) in sizes { try Golden.check(model, "server-down", width: w, height: h) }
}

@Test func jwtDecoded() throws {
    let model = try Golden.model([
        "cluster store=jwt", "browser alice", "alice login alice", "advance 5m", "alice get /me",
    ])
    for (w, h) in sizes { try Golden.check(model, "jwt", width: w, height: h) }
}

@Test func tooSmall() throws {
    try Golden.check(try Golden.model([]), "too-small", width: 60, height: 20)
}

@Test func helpScreen() throws {
    var model = try Golden.model([])
    model.handle(.key(.character("?")))
    for (w, h) in sizes { try Golden.check(model, "help", width: w, height: h) }
}

@Test func koreanNarrationLinesUp() throws {
    let model = try Golden.model(
        [
            "browser alice", "alice get /",
            "say en \"Alice got a session cookie.\"",
            "say ko \"앨리스가 세션 쿠키를 받았습니다. 서버는 세션 ID를 기억합니다.\"",
        ], language: "ko")
    for (w, h) in sizes { try Golden.check(model, "korean", width: w, height: h) }
    // Every row is exactly as wide as the screen: wide characters take two columns.
    let screen = View.render(model, width: 80, height: 24)
    for line in screen.text.split(separator: "\n") where line.hasPrefix("│") {
        #expect(line.reduce(0) { $0 + DisplayWidth.of($1) } == 80, "\(line)")
    }
}

@Test func storeDown() throws {
    // A real SQLite file at a fixed path, so the store pane's title is the same every run.
    let path = "/tmp/sessionscope-golden-store.sqlite"
    try? FileManager.default.removeItem(atPath: path)
    let provider = StoreProvider(options: StoreOptions(sqlitePath: path))
    defer {
        provider.shutdown()
        try? FileManager.default.removeItem(atPath: path)
    }
    let model = try Golden.model(
        ["cluster store=sqlite", "browser alice", "alice login alice", "store down", "alice get /me"],
        factory: provider.make)
    #expect(model.world.browser(named: "alice")?.last?.status == 503)
    for (w, h) in sizes { try Golden.check(model, "store-down", width: w, height: h) }
}
