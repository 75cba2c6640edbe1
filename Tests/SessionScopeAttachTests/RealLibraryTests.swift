import Foundation
import GRDB
import SessionScopeAttach
import SessionScopeStores
import Testing

/// Sessions written by the real libraries this machine runs, read back by `attach`.
@Test(.enabled(if: redisAvailable && pythonLibrariesAvailable), arguments: ["msgpack", "json"])
func flaskSessionsOnARealRedis(serialization: String) throws {
    let server = try RedisServerProcess()
    defer { server.stop() }
    let written = Fixture.script("flask_sessions.py", [String(server.port), serialization])
    #expect(written.count == 5)
    // One session left without a TTL, as a PERSIST (or a hand-written key) would leave it.
    let persisted = try #require(written.first { $0.user == "bob" })
    try RedisWriter(server).send("PERSIST", "session:\(persisted.id)")

    let snapshot = try Binary.attachJSON([server.url])
    #expect(snapshot["format"] as? String == "flask-session")
    #expect(snapshot["count"] as? Int == 5)
    #expect(snapshot["url"] as? String == "redis://127.0.0.1:\(server.port)/0")
    for (user, id) in written {
        let session = try #require(snapshot.session(id), "\(id)")
        #expect(session["key"] as? String == "session:\(id)")
        #expect(session["user"] as? String == (user == "-" ? nil : user), "\(id)")
        #expect(session["note"] is NSNull, "\(session)")
    }
    let alice = try #require(snapshot.session(written[0].id))
    #expect(alice["attributes"] as? [String] == ["_permanent", "user", "cart"])
    // Flask's PERMANENT_SESSION_LIFETIME: 31 days.
    let ttl = try #require(alice["ttl_s"] as? Int)
    #expect(ttl > 31 * 86_400 - 60 && ttl <= 31 * 86_400)
    #expect(snapshot.anomalies == ["no_ttl": 1, "expired_present": 0, "undecodable": 0, "oversized": 1])
    #expect(snapshot.session(persisted.id)?["ttl_s"] is NSNull)
}

@Test(.enabled(if: redisAvailable && phpRedisAvailable))
func phpRedisSessionsOnARealRedis() throws {
    let server = try RedisServerProcess()
    defer { server.stop() }
    let written = Fixture.script("php_sessions.php", [String(server.port)])
    #expect(written.count == 3)
    let snapshot = try Binary.attachJSON([server.url])
    #expect(snapshot["format"] as? String == "php-redis")
    #expect(snapshot["count"] as? Int == 3)
    let carol = try #require(snapshot.session(written[0].id))
    #expect(carol["user"] as? String == "carol")
    #expect(carol["attributes"] as? [String] == ["user", "roles", "score", "ok"])
    // session.gc_maxlifetime = 1440 s.
    #expect((carol["ttl_s"] as? Int).map { $0 > 1400 && $0 <= 1440 } == true)
    let dave = try #require(snapshot.session(written[1].id))
    #expect(dave["user"] as? String == "17")
    #expect(dave["attributes"] as? [String] == ["user_id", "note"])
    let guest = try #require(snapshot.session(written[2].id))
    #expect(guest["user"] is NSNull)
    #expect(guest["attributes"] as? [String] == ["guest", "obj", "cafe"])
    #expect(snapshot.anomalies.values.reduce(0, +) == 0)

    // The whole session, decoded, through the same reader the UI uses.
    let reader = try RedisSessionReader(url: try RedisURL(parsing: server.url), format: .auto)
    defer { reader.shutdown() }
    let detail = try #require(try reader.read(key: "PHPREDIS_SESSION:\(written[1].id)", now: Date()))
    #expect(detail.decoded?.map["note"] == .string("semi;colon|pipe\"quote"))
    #expect(detail.decoded?.map["user_id"] == .integer(17))
}

@Test(.enabled(if: pythonLibrariesAvailable))
func djangoSessionsInSQLiteIncludingAnExpiredRow() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("db.sqlite3").path
    let written = Fixture.script("django_sessions.py", [path])
    #expect(written.count == 3)
    for url in ["sqlite:\(path)", path] {
        let snapshot = try Binary.attachJSON([url])
        #expect(snapshot["format"] as? String == "django")
        #expect(snapshot["count"] as? Int == 3)
        #expect(snapshot.anomalies == ["no_ttl": 0, "expired_present": 1, "undecodable": 0, "oversized": 0])
        let loggedIn = try #require(snapshot.session(written[0].id))
        #expect(loggedIn["user"] as? String == "7")
        #expect(loggedIn["key"] as? String == "django_session/\(written[0].id)")
        #expect(loggedIn["attributes"] as? [String] == ["_auth_user_id", "_auth_user_backend", "cart"])
        #expect((loggedIn["note"] as? String)?.contains("signature not checked") == true)
        #expect(loggedIn["expires"] is String)
        let expired = try #require(snapshot.session(written[2].id))
        #expect(expired["user"] as? String == "8")
        #expect(expired["anomalies"] as? [String] == ["expired_present"])
        #expect(snapshot.session(written[1].id)?["user"] is NSNull)
    }
}
