import Foundation
import GRDB
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores
import Testing

/// 1.1's session data on the real stores: a whole save replaces every field; a delta save
/// writes only the changed ones (checked behind the store's back, with a second client) and
/// never brings back a session that is gone.

private func sampleRecord(_ seed: UInt64) -> SessionRecord {
    var random = SplitMix64(seed: seed)
    return SessionRecord(
        id: SessionID(using: &random), user: "alice", created: .zero, lastAccess: Instant(milliseconds: 1000),
        clientIP: IPv4(parsing: "10.0.0.1")!, data: SessionData(cart: ["book", "a,b"], theme: "dark"))
}

private let expiry = Instant(milliseconds: 1_801_000)
private let now = Instant(milliseconds: 1000)

/// Runs the same checks against any shared store; `stored` reads a field behind its back.
private func checkDeltaSaves(_ store: some SharedSessionStore, stored: (SessionID, String) throws -> String?) throws {
    var record = sampleRecord(7)
    try store.save(record, expiresAt: expiry, now: now)
    #expect(try store.load(record.id) == record)

    // Someone else's write changed the theme meanwhile; a delta of the cart leaves it alone.
    var other = record
    other.data.theme = "light"
    try store.save(other, expiresAt: expiry, now: now)
    record.data.cart.append("pen")
    record.lastAccess = Instant(milliseconds: 2000)
    #expect(try store.saveChanges(record, .cart, expiresAt: expiry, now: now))
    let loaded = try #require(try store.load(record.id))
    #expect(loaded.data.cart == ["book", "a,b", "pen"])
    #expect(loaded.data.theme == "light")
    #expect(loaded.lastAccess == Instant(milliseconds: 2000))
    #expect(try stored(record.id, "theme") == "light")

    // A whole save replaces everything, an absent theme included.
    var whole = record
    whole.data = SessionData(cart: [], theme: nil)
    try store.save(whole, expiresAt: expiry, now: now)
    #expect(try store.load(record.id)?.data == SessionData())

    // Gone is gone: a delta save writes nothing.
    try store.delete(record.id)
    #expect(try !store.saveChanges(record, [.cart, .theme, .user], expiresAt: expiry, now: now))
    #expect(try store.load(record.id) == nil)
    #expect(try store.count() == 0)
}

@Test func deltaSavesWriteOnlyTheChangedColumnsInSQLite() throws {
    let path = temporaryDatabasePath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let store = try SQLiteStore(path: path, runID: "delta", rules: testRules)
    defer { store.close() }
    let reader = try DatabaseQueue(path: path)
    try checkDeltaSaves(store) { id, column in
        try reader.read { db in
            try String.fetchOne(
                db, sql: "SELECT \(column) FROM sessionscope_sessions WHERE id = ?", arguments: [id.description])
        }
    }
}

@Test(.enabled(if: redisAvailable))
func deltaSavesSetOnlyTheChangedFieldsInRedis() throws {
    let server = try RedisServerProcess()
    defer { server.stop() }
    let store = RedisStore(host: "127.0.0.1", port: server.port, runID: "delta", rules: testRules)
    defer { store.close() }
    try checkDeltaSaves(store) { id, field in
        try rawCommand(server, ["HGET", "sessionscope:delta:sess:\(id)", field])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

@Test func aFileFromBefore11GetsTheDataColumns() throws {
    let path = temporaryDatabasePath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let old = try DatabaseQueue(path: path)
    try old.write { db in
        try db.execute(
            sql: """
                CREATE TABLE sessionscope_sessions (run TEXT NOT NULL, id TEXT NOT NULL, user TEXT,
                created_ms INTEGER NOT NULL, last_access_ms INTEGER NOT NULL, client_ip TEXT NOT NULL,
                expires_ms INTEGER NOT NULL, PRIMARY KEY (run, id)) WITHOUT ROWID
                """)
    }
    try old.close()
    let store = try SQLiteStore(path: path, runID: "old", rules: testRules)
    defer { store.close() }
    let record = sampleRecord(3)
    try store.save(record, expiresAt: expiry, now: now)
    #expect(try store.load(record.id) == record)
}

/// The 1.1 scenarios of the scenario suite for session stores that do not depend on sessions
/// living in one server's memory, on both real stores (the token ones are `jwt` only; the
/// session data one for shared stores is Fixtures/shared/v11-session-data.scn).
@Test(
    "1.1 suite scenario on both real stores", .enabled(if: redisAvailable), arguments: ["v11-secure.scn"])
func lessonScenarioOnRealStores(_ name: String) throws {
    for store in ["sqlite", "redis"] {
        let provider = StoreProvider()
        defer { provider.shutdown() }
        let (passed, failures) = try StoreFixtures.run(
            StoreFixtures.scenarioDirectory.appendingPathComponent(name), store: store, provider: provider)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(passed > 0)
    }
}
