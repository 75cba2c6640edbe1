import SessionScopeCore
import Testing

/// Advancing the clock evicts persistent cookies exactly when they expire, in every jar
/// that holds one, including copies made by theft and not cookies already replaced.
@Test func advancingTheClockExpiresEachPersistentCookieOnTime() throws {
    var settings = ClusterSettings()
    settings.servers = 1
    settings.remember = .hours(1)
    settings.timeout = .hours(3)
    var world = try World(settings: settings)
    for name in ["a", "b", "c"] { _ = try world.apply(.openBrowser(name: name, ip: nil)) }

    func expired(after span: TimeSpan) throws -> [String] {
        try world.apply(.advance(span)).compactMap {
            if case .cookieExpired(let browser, let name) = $0 { return "\(browser):\(name)" }
            return nil
        }
    }

    _ = try world.apply(.login(browser: "a", user: "alice", password: nil, remember: true))  // SID until 1:00
    #expect(try expired(after: .minutes(10)).isEmpty)
    _ = try world.apply(.login(browser: "b", user: "bob", password: nil, remember: true))  // until 1:10
    _ = try world.apply(.steal(thief: "c", victim: "a"))  // c's copy until 1:00
    #expect(try expired(after: .minutes(10)).isEmpty)
    _ = try world.apply(.login(browser: "a", user: "alice", password: nil, remember: true))  // replaced: until 1:20
    #expect(try expired(after: .minutes(39)).isEmpty)  // 0:59
    #expect(try expired(after: .minutes(1)) == ["c:SID"])  // 1:00; a's old expiry is gone
    #expect(try expired(after: .minutes(15)) == ["b:SID"])  // 1:15
    #expect(try expired(after: .hours(1)) == ["a:SID"])  // at 1:20, on the way
    #expect(world.browsers.allSatisfy { $0.jar.cookies.allSatisfy { $0.expiry == nil } })
}
