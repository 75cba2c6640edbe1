import Foundation
import SessionScopeAttach
import SessionScopeStores
import SessionScopeUI
import Testing

/// Golden screens of the attach view: rendered through the headless terminal and compared as
/// text with Fixtures/golden/NAME-WxH.txt (SESSIONSCOPE_UPDATE_GOLDEN=1 rewrites them).
private func checkGolden(
    _ model: AttachModel, _ name: String, width: Int = 100, height: Int = 14,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let terminal = HeadlessTerminal(width: width, height: height)
    terminal.present(AttachView.render(model, width: width, height: height))
    let text = try #require(terminal.lastScreen).text
    let file = "\(name)-\(width)x\(height).txt"
    if ProcessInfo.processInfo.environment["SESSIONSCOPE_UPDATE_GOLDEN"] == "1" {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/golden")
        try Data(text.utf8).write(to: dir.appendingPathComponent(file))
        return
    }
    let expected = try String(contentsOf: Fixture.directory.appendingPathComponent("golden/\(file)"), encoding: .utf8)
    #expect(text == expected, "screen \(file) differs:\n\(text)", sourceLocation: sourceLocation)
}

/// A fixed store: four Flask sessions, one of each kind of anomaly, an hour after they were made.
private func fixedModel() -> (AttachModel, SessionDetail) {
    let made = Date(timeIntervalSince1970: 1_767_225_600)
    let now = made.addingTimeInterval(3600)
    var snapshot = AttachSnapshot(url: "redis://127.0.0.1:6379/0", format: .flaskSession, limit: 1000)
    let alice = SessionRow(
        id: "S5FycNWNl3_szd_G18OWb2AsHUQjlmOk", key: "session:S5FycNWNl3_szd_G18OWb2AsHUQjlmOk", user: "alice",
        lastAccess: made.addingTimeInterval(3000), ttlSeconds: 2_674_800, bytes: 39,
        attributes: ["_permanent", "user", "cart"])
    let rows = [
        alice,
        SessionRow(
            id: "hluvqGToUpTtFxNGsVvVIVrV7HzyTMrZ", key: "session:hluvqGToUpTtFxNGsVvVIVrV7HzyTMrZ", user: "bob",
            bytes: 37, attributes: ["_permanent", "user", "cart"], anomalies: [.noTTL]),
        SessionRow(
            id: "qbdyTzX4WJOqR7wWGd1X9DYuSfCEeXHO", key: "session:qbdyTzX4WJOqR7wWGd1X9DYuSfCEeXHO", user: "hoarder",
            ttlSeconds: 2_674_800, bytes: 5036, attributes: ["_permanent", "user", "report"], anomalies: [.oversized]),
        SessionRow(
            id: "junk", key: "session:junk", ttlSeconds: 60, bytes: 7, note: "not msgpack (byte 0xc1 at 0)",
            anomalies: [.undecodable]),
    ]
    snapshot.add(SessionPage(rows: rows, next: nil, scanned: 4))
    snapshot.estimatedTotal = 4
    let model = AttachModel(
        label: "redis 127.0.0.1:6379/0 · flask-session", snapshot: snapshot, everyMilliseconds: 1000, now: now,
        colors: false)
    let raw: [UInt8] =
        [0x83, 0xaa] + Array("_permanent".utf8) + [0xc3, 0xa4] + Array("user".utf8) + [0xa5] + Array("alice".utf8)
        + [0xa4] + Array("cart".utf8) + [0x92, 0xa4] + Array("book".utf8) + [0xa3] + Array("pen".utf8)
    let decoded = try? SessionDecoders.decode(.string(raw), as: .flaskSession).get()
    return (model, SessionDetail(row: alice, decoded: decoded, raw: .string(raw)))
}

@Test func theStorePaneGolden() throws {
    var (model, detail) = fixedModel()
    try checkGolden(model, "attach-store")
    _ = model.handle(.key(.down))
    _ = model.handle(.key(.down))
    try checkGolden(model, "attach-store-selected")
    // `/` filters by id or user.
    for key in HeadlessTerminal.keys("/bo") { _ = model.handle(key) }
    try checkGolden(model, "attach-filter-typing")
    _ = model.handle(.key(.enter))
    #expect(model.visibleRows.map(\.user) == ["bob"])
    // Enter asks for the session whole; the loop reads it and puts it in the model.
    #expect(model.handle(.key(.enter)) == .readWhole(key: "session:hluvqGToUpTtFxNGsVvVIVrV7HzyTMrZ"))
    model.filter = ""
    model.detail = detail
    try checkGolden(model, "attach-detail", height: 24)
    _ = model.handle(.key(.escape))
    #expect(model.detail == nil)
    _ = model.handle(.key(.character("?")))
    try checkGolden(model, "attach-help", height: 20)
    _ = model.handle(.key(.character("x")))
    #expect(!model.showHelp)
    _ = model.handle(.key(.character("q")))
    #expect(model.shouldQuit)
    detail.row.user = nil
}

@Test func aTooSmallTerminalSaysSo() {
    let (model, _) = fixedModel()
    let text = AttachView.render(model, width: 40, height: 8).text
    #expect(text.hasPrefix("terminal too small: need 60×10"))
}

/// The whole loop over a real Redis: the feed reads the store on its thread, the app shows
/// it, `/` filters, Enter reads one session whole through the same read-only reader.
@Test(.enabled(if: redisAvailable && pythonLibrariesAvailable))
func theAppShowsARealStoreLiveAndOneSessionWhole() throws {
    let server = try RedisServerProcess()
    defer { server.stop() }
    let written = Fixture.script("flask_sessions.py", [String(server.port)])
    let reader = try RedisSessionReader(url: try RedisURL(parsing: server.url), format: .auto)
    defer { reader.shutdown() }
    let feed = AttachFeed(reader: reader, url: server.url, limit: 100, everyMilliseconds: 100)
    feed.start()
    defer { feed.stop() }
    var waited = 0
    while feed.state.shown?.complete != true && waited < 100 {
        usleep(20_000)
        waited += 1
    }
    let terminal = HeadlessTerminal(width: 110, height: 20, inputs: HeadlessTerminal.keys("/alice\n\n"))
    let model = AttachModel(
        label: reader.label, snapshot: AttachSnapshot(url: server.url, format: reader.format, limit: 100),
        everyMilliseconds: 100, now: Date(), colors: false)
    let app = AttachApp(model: model, terminal: terminal, feed: feed)
    app.run(stopWhenIdle: true)
    let first = terminal.presented[0].text
    #expect(first.contains("flask-session · 5 sessions"), "\(first)")
    for (user, _) in written where user != "-" { #expect(first.contains(user), "\(user)") }
    let last = try #require(terminal.lastScreen).text
    #expect(last.contains("Session \(written[0].id)"), "\(last)")
    #expect(last.contains("user = \"alice\""), "\(last)")
    #expect(last.contains("cart = [\"book\", \"pen\"]"), "\(last)")
    #expect(last.contains("raw value"))

    // Live: a session added to the store shows on a later pass.
    try RedisWriter(server).send("SET", "session:late", "\u{81}\u{a4}user\u{a3}zed")
    waited = 0
    while feed.state.shown?.count != 6 && waited < 100 {
        usleep(20_000)
        waited += 1
    }
    #expect(feed.state.shown?.count == 6)
}
