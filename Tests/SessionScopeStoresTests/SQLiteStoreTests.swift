import Foundation
import GRDB
import SessionScopeCore
import SessionScopeStores
import Testing

func temporaryDatabasePath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("sessionscope-test-\(UUID().uuidString).sqlite").path
}

/// A store=sqlite world on the file at `path`, with browser alice open.
func sqliteWorld(_ path: String, _ provider: StoreProvider) throws -> World {
    var settings = ClusterSettings()
    settings.store = .sqlite
    var world = try World(settings: settings, storeFactory: provider.make)
    _ = try world.apply(.openBrowser(name: "alice", ip: nil))
    return world
}

@Test func sessionsAreRowsInARealSQLiteFile() throws {
    let path = temporaryDatabasePath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let provider = StoreProvider(options: StoreOptions(sqlitePath: path))
    var settings = ClusterSettings()
    settings.store = .sqlite
    var world = try World(settings: settings, storeFactory: provider.make)
    _ = try world.apply(.openBrowser(name: "alice", ip: nil))
    _ = try world.apply(.login(browser: "alice", user: "alice", password: nil, remember: false))

    // Another connection, as another process would open it, sees the row.
    let reader = try DatabaseQueue(path: path)
    let rows = try reader.read { db in try Row.fetchAll(db, sql: "SELECT id, user FROM sessionscope_sessions") }
    #expect(rows.count == 1)
    #expect(rows.first?["user"] == "alice")
    #expect(rows.first?["id"] == world.browser(named: "alice")?.jar.cookies.first?.value)
    let index = try reader.read { db in
        try String.fetchOne(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessionscope_sessions'")
    }
    #expect(index == "sessionscope_sessions_by_expiry")
    try reader.close()

    provider.shutdown()
    // The run's rows are gone; the named file stays.
    let after = try DatabaseQueue(path: path)
    #expect(try after.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessionscope_sessions") } == 0)
}

@Test func aFileThatCannotBeWrittenGives503WithTheCause() throws {
    let path = temporaryDatabasePath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    // Create the schema, then open the same file read-only, as a read-only mount would.
    _ = try SQLiteStore(path: path, runID: "setup", rules: testRules)
    var settings = ClusterSettings()
    settings.store = .sqlite
    var world = try World(settings: settings) { _ in
        try SQLiteStore(path: path, runID: "ro", rules: testRules, readOnly: true)
    }
    _ = try world.apply(.openBrowser(name: "alice", ip: nil))
    let events = try world.apply(.request(browser: "alice", method: .get, path: "/", form: []))
    #expect(world.browser(named: "alice")?.last?.status == 503)
    #expect(
        events.contains {
            if case .storeFailed(_, let cause) = $0 { return cause.contains("readonly") }
            return false
        })
}

@Test func aLockedDatabaseGives503ThenRecovers() throws {
    let path = temporaryDatabasePath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let provider = StoreProvider(options: StoreOptions(sqlitePath: path))
    defer { provider.shutdown() }
    var world = try sqliteWorld(path, provider)

    // Another process holds an exclusive lock.
    var lockerConfig = Configuration()
    lockerConfig.busyMode = .immediateError
    lockerConfig.allowsUnsafeTransactions = true
    let locker = try DatabaseQueue(path: path, configuration: lockerConfig)
    try locker.inDatabase { db in try db.execute(sql: "BEGIN EXCLUSIVE") }
    let events = try world.apply(.request(browser: "alice", method: .get, path: "/", form: []))
    #expect(world.browser(named: "alice")?.last?.status == 503)
    #expect(
        events.contains {
            if case .storeFailed(_, let cause) = $0 { return cause.contains("locked") }
            return false
        })

    try locker.inDatabase { db in try db.execute(sql: "ROLLBACK") }
    _ = try world.apply(.request(browser: "alice", method: .get, path: "/", form: []))
    #expect(world.browser(named: "alice")?.last?.status == 200)
}

@Test func bothDurabilityModesWork() throws {
    for durability in SQLiteStore.Durability.allCases {
        let store = try SQLiteStore(
            path: nil, durability: durability, runID: "d-\(durability)",
            rules: ExpiryRules(timeout: .seconds(1), absolute: nil, sweep: .minutes(1)))
        defer { store.close() }
        var random = SplitMix64(seed: 3)
        let record = SessionRecord(id: SessionID(using: &random), created: .zero, lastAccess: .zero, clientIP: IPv4(1))
        try store.save(record, expiresAt: Instant(milliseconds: 1000), now: .zero)
        #expect(try store.load(record.id) == record)
        let removed = try store.removeExpired(now: Instant(milliseconds: 1000))
        #expect(removed.map(\.0.id) == [record.id])
        #expect(removed.map(\.1) == [.idle])
        #expect(try store.count() == 0)
    }
}

@Test func aDeletedDatabaseFileIsNoticedAndReplaced() throws {
    let path = temporaryDatabasePath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let provider = StoreProvider(options: StoreOptions(sqlitePath: path))
    defer { provider.shutdown() }
    var world = try sqliteWorld(path, provider)
    _ = try world.apply(.login(browser: "alice", user: "alice", password: nil, remember: false))
    #expect(world.browser(named: "alice")?.last?.status == 200)

    try FileManager.default.removeItem(atPath: path)
    let events = try world.apply(.request(browser: "alice", method: .get, path: "/me", form: []))
    #expect(world.browser(named: "alice")?.last?.status == 503)
    #expect(
        events.contains {
            if case .storeFailed(_, let cause) = $0 { return cause.contains("was deleted") }
            return false
        })
    #expect(FileManager.default.fileExists(atPath: path))

    // A new, empty database: the session is gone, and the world works again.
    _ = try world.apply(.request(browser: "alice", method: .get, path: "/me", form: []))
    #expect(world.browser(named: "alice")?.last?.status == 401)
    _ = try world.apply(.login(browser: "alice", user: "alice", password: nil, remember: false))
    #expect(world.sharedStoreCount() == 1)
}
