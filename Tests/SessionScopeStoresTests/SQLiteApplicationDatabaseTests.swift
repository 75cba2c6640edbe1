import Foundation
import GRDB
import SessionScopeCore
import SessionScopeStores
import Testing

/// `--db` may name an application's own database: sessionscope keeps to its own table.

@Test func anApplicationsOwnSessionsTableIsLeftAlone() throws {
    let path = temporaryDatabasePath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    // The application's database, with a `sessions` table of its own (Django-like columns).
    let app = try DatabaseQueue(path: path)
    try app.write { db in
        try db.execute(sql: "CREATE TABLE sessions (session_key TEXT PRIMARY KEY, session_data TEXT)")
        try db.execute(sql: "INSERT INTO sessions VALUES ('k1', 'the application''s data')")
    }
    try app.close()

    let provider = StoreProvider(options: StoreOptions(sqlitePath: path))
    var world = try sqliteWorld(path, provider)
    _ = try world.apply(.login(browser: "alice", user: "alice", password: nil, remember: false))
    #expect(world.browser(named: "alice")?.last?.status == 200)
    #expect(world.store.label == "sqlite \(path) (table sessionscope_sessions)")
    provider.shutdown()

    let reader = try DatabaseQueue(path: path)
    defer { try? reader.close() }
    let rows = try reader.read { db in try Row.fetchAll(db, sql: "SELECT session_key, session_data FROM sessions") }
    #expect(rows.count == 1)
    #expect(rows.first?["session_data"] == "the application's data")
}

@Test func aTableOfOurNameThatWeDidNotMakeIsRefused() throws {
    let path = temporaryDatabasePath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let app = try DatabaseQueue(path: path)
    try app.write { db in
        try db.execute(sql: "CREATE TABLE sessionscope_sessions (key TEXT, value TEXT)")
        try db.execute(sql: "INSERT INTO sessionscope_sessions VALUES ('a', 'b')")
    }
    try app.close()

    let provider = StoreProvider(options: StoreOptions(sqlitePath: path))
    defer { provider.shutdown() }
    var settings = ClusterSettings()
    settings.store = .sqlite
    #expect {
        _ = try World(settings: settings, storeFactory: provider.make)
    } throws: { error in
        let message = String(describing: error)
        return message.contains("was not made by sessionscope") && message.contains(path)
    }
    let reader = try DatabaseQueue(path: path)
    defer { try? reader.close() }
    #expect(try reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessionscope_sessions") } == 1)
}
