import Foundation
import SessionScopeAttach
import SessionScopeCore
import SessionScopeStores
import Testing

// connect-redis, Spring Session and Rails do not run on this machine (no Node, JVM or Ruby):
// their sessions are written here in the shapes their documentation gives, each source named.

/// connect-redis README ("prefix: 'sess:'", the value is `JSON.stringify(session)`, TTL from
/// `cookie.maxAge`) with express-session's session shape (its README: `req.session.cookie`
/// holds `originalMaxAge`, `expires`, `httpOnly`, `path`) and Passport's `passport.user`.
@Test(.enabled(if: redisAvailable))
func connectRedisSessionsInTheirDocumentedShape() throws {
    let server = try RedisServerProcess()
    defer { server.stop() }
    let redis = RedisWriter(server)
    let cookie = #"{"originalMaxAge":86400000,"expires":"2099-01-01T00:00:00.000Z","httpOnly":true,"path":"/"}"#
    try redis.send("SET", "sess:Xq1", #"{"cookie":\#(cookie),"passport":{"user":"alice"}}"#, "EX", "86400")
    try redis.send("SET", "sess:Xq2", #"{"cookie":\#(cookie),"userId":77,"views":3}"#, "EX", "86400")
    try redis.send("SET", "sess:Xq3", #"{"cookie":{"originalMaxAge":1000,"expires":"2001-01-01T00:00:00.000Z"}}"#)
    try redis.send("SET", "sess:Xq4", "{not json")
    let snapshot = try Binary.attachJSON([server.url])
    #expect(snapshot["format"] as? String == "connect-redis")
    #expect(snapshot.session("Xq1")?["user"] as? String == "alice")
    #expect(snapshot.session("Xq1")?["expires"] as? String == "2099-01-01T00:00:00Z")
    #expect(snapshot.session("Xq2")?["user"] as? String == "77")
    #expect(snapshot.session("Xq3")?["anomalies"] as? [String] == ["no_ttl", "expired_present"])
    #expect(snapshot.session("Xq4")?["anomalies"] as? [String] == ["no_ttl", "undecodable"])
    #expect(snapshot.session("Xq4")?["user"] is NSNull)
    #expect((snapshot.session("Xq4")?["note"] as? String)?.isEmpty == false)
    #expect(snapshot.anomalies == ["no_ttl": 2, "expired_present": 1, "undecodable": 1, "oversized": 0])
    // `count` counts every session, beyond `--limit` too.
    let limited = try Binary.attachJSON([server.url, "--limit", "2"])
    #expect(limited["count"] as? Int == 4)
    #expect(limited.sessions.count == 2)
    #expect(limited.anomalies == snapshot.anomalies)
}

/// Java serialization of `java.lang.Long` / `java.lang.Integer` as `JdkSerializationRedisSerializer`
/// writes them (the JDK's serialVersionUIDs for Long, Integer and Number).
enum JavaFixture {
    static func number(_ value: Int64, integer: Bool) -> [UInt8] {
        func utf(_ s: String) -> [UInt8] { [UInt8(s.utf8.count >> 8), UInt8(s.utf8.count & 0xff)] + Array(s.utf8) }
        var bytes: [UInt8] = [0xAC, 0xED, 0x00, 0x05, 0x73, 0x72]
        bytes += utf(integer ? "java.lang.Integer" : "java.lang.Long")
        bytes +=
            integer
            ? [0x12, 0xE2, 0xA0, 0xA4, 0xF7, 0x81, 0x87, 0x38] : [0x3B, 0x8B, 0xE4, 0x90, 0xCC, 0x8F, 0x23, 0xDF]
        bytes += [0x02, 0x00, 0x01, integer ? 0x49 : 0x4A] + utf("value") + [0x78, 0x72] + utf("java.lang.Number")
        bytes += [0x86, 0xAC, 0x95, 0x1D, 0x0B, 0x94, 0xE0, 0x8B, 0x02, 0x00, 0x00, 0x78, 0x70]
        let width = integer ? 4 : 8
        for shift in stride(from: (width - 1) * 8, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> shift))
        }
        return bytes
    }

    /// A serialized object of another class: named, not decoded.
    static let securityContext: [UInt8] =
        [0xAC, 0xED, 0x00, 0x05, 0x73, 0x72, 0x00, 0x3D]
        + Array("org.springframework.security.core.context.SecurityContextImpl".utf8) + [0x00, 0x00]
}

/// Spring Session reference, "Storage Details" of RedisIndexedSessionRepository: the hash
/// `spring:session:sessions:<id>` (creationTime, maxInactiveInterval, lastAccessedTime,
/// sessionAttr:*), the shadow key `spring:session:sessions:expires:<id>`, the sets
/// `spring:session:expirations:<minute>`, and the principal index `spring:session:index:`
/// `org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME:<user>`.
@Test(.enabled(if: redisAvailable))
func springSessionHashesWithBookkeepingAndThePrincipalIndex() throws {
    let server = try RedisServerProcess()
    defer { server.stop() }
    let redis = RedisWriter(server)
    let now = Int64(Date().timeIntervalSince1970 * 1000)
    let a = "33fdd1b6-b496-4b33-9f7d-df96679d32fe"
    let b = "0b6a9e4e-1111-4b33-9f7d-df96679d32fe"
    // Java-serialized (the default serializer).
    var hash: [[UInt8]] = [Array("HSET".utf8), Array("spring:session:sessions:\(a)".utf8)]
    hash += [Array("creationTime".utf8), JavaFixture.number(now - 60_000, integer: false)]
    hash += [Array("lastAccessedTime".utf8), JavaFixture.number(now - 10_000, integer: false)]
    hash += [Array("maxInactiveInterval".utf8), JavaFixture.number(1800, integer: true)]
    hash += [Array("sessionAttr:SPRING_SECURITY_CONTEXT".utf8), JavaFixture.securityContext]
    try redis.send(hash)
    try redis.send("EXPIRE", "spring:session:sessions:\(a)", "2100")
    // Plain text (a StringRedisSerializer), expired half an hour ago but kept 5 minutes more.
    try redis.send(
        "HSET", "spring:session:sessions:\(b)", "creationTime", String(now - 4_000_000), "lastAccessedTime",
        String(now - 2_000_000), "maxInactiveInterval", "1800", "sessionAttr:cart", "3 items")
    try redis.send("EXPIRE", "spring:session:sessions:\(b)", "300")
    try redis.send("SET", "spring:session:sessions:expires:\(a)", "")
    try redis.send("EXPIRE", "spring:session:sessions:expires:\(a)", "1800")
    try redis.send("SADD", "spring:session:expirations:1439245080000", "expires:\(a)")
    try redis.send(
        "SADD",
        "spring:session:index:org.springframework.session.FindByIndexNameSessionRepository."
            + "PRINCIPAL_NAME_INDEX_NAME:alice",
        a)

    let snapshot = try Binary.attachJSON([server.url])
    #expect(snapshot["format"] as? String == "spring-session")
    #expect(snapshot["count"] as? Int == 2, "bookkeeping keys are not sessions")
    let first = try #require(snapshot.session(a))
    #expect(first["user"] as? String == "alice")
    #expect(first["attributes"] as? [String] == ["SPRING_SECURITY_CONTEXT"])
    #expect(first["created"] as? String == ISODates.string(Date(timeIntervalSince1970: Double(now - 60_000) / 1000)))
    #expect(first["anomalies"] as? [String] == [])
    let second = try #require(snapshot.session(b))
    #expect(second["user"] is NSNull)
    #expect(second["attributes"] as? [String] == ["cart"])
    #expect(second["anomalies"] as? [String] == ["expired_present"])
    #expect(
        second["last_access"] as? String == ISODates.string(Date(timeIntervalSince1970: Double(now - 2_000_000) / 1000))
    )
}

/// Ruby's Marshal 4.8 (ruby-doc "marshal format"), as redis-session-store writes with its
/// default `serializer: :marshal` under the app's `key_prefix`, and redis-rack under its
/// default namespace `rack:session`, keyed by Rack's private id `2::<SHA-256 hex>`
/// (Rack::Session::SessionId#private_id); Devise keeps `warden.user.user.key` => [[id], salt].
enum MarshalFixture {
    struct Writer {
        var bytes: [UInt8] = [4, 8]
        var symbols: [String] = []

        mutating func long(_ n: Int) {
            if n == 0 {
                bytes.append(0)
            } else if n > 0 && n < 123 {
                bytes.append(UInt8(n + 5))
            } else {
                var v = n
                var out: [UInt8] = []
                while v > 0 {
                    out.append(UInt8(v & 0xff))
                    v >>= 8
                }
                bytes.append(UInt8(out.count))
                bytes += out
            }
        }

        mutating func symbol(_ name: String) {
            if let index = symbols.firstIndex(of: name) {
                bytes.append(UInt8(ascii: ";"))
                long(index)
            } else {
                symbols.append(name)
                bytes.append(UInt8(ascii: ":"))
                long(name.utf8.count)
                bytes += Array(name.utf8)
            }
        }

        /// A UTF-8 String: `I"` with the ivar `E` true.
        mutating func string(_ s: String) {
            bytes += [UInt8(ascii: "I"), UInt8(ascii: "\"")]
            long(s.utf8.count)
            bytes += Array(s.utf8)
            long(1)
            symbol("E")
            bytes.append(UInt8(ascii: "T"))
        }

        mutating func integer(_ n: Int) {
            bytes.append(UInt8(ascii: "i"))
            long(n)
        }
    }

    /// `{"session_id" => id, "warden.user.user.key" => [[42], "$2a$10$salt"], "_csrf_token" => "tok"}`.
    static func deviseSession(id: String) -> [UInt8] {
        var w = Writer()
        w.bytes.append(UInt8(ascii: "{"))
        w.long(3)
        w.string("session_id")
        w.string(id)
        w.string("warden.user.user.key")
        w.bytes.append(UInt8(ascii: "["))
        w.long(2)
        w.bytes.append(UInt8(ascii: "["))
        w.long(1)
        w.integer(42)
        w.string("$2a$10$salt")
        w.string("_csrf_token")
        w.string("tok")
        return w.bytes
    }

    /// `{"user_id" => 300, "flash" => nil}`.
    static func plainSession() -> [UInt8] {
        var w = Writer()
        w.bytes.append(UInt8(ascii: "{"))
        w.long(2)
        w.string("user_id")
        w.integer(300)
        w.string("flash")
        w.bytes.append(UInt8(ascii: "0"))
        return w.bytes
    }
}

@Test(.enabled(if: redisAvailable))
func railsSessionsUnderTheirPrefixWithRackPrivateIDs() throws {
    let server = try RedisServerProcess()
    defer { server.stop() }
    let redis = RedisWriter(server)
    let privateID = "2::" + String(repeating: "ab12", count: 16)
    try redis.send([
        Array("SET".utf8), Array("myapp:session:\(privateID)".utf8), MarshalFixture.deviseSession(id: "s1"),
    ])
    try redis.send("EXPIRE", "myapp:session:\(privateID)", "3600")
    try redis.send([Array("SET".utf8), Array("myapp:session:legacy1".utf8), MarshalFixture.plainSession()])
    try redis.send("EXPIRE", "myapp:session:legacy1", "3600")

    // Detected from the private id; the prefix found from the key.
    let detected = try Binary.attachJSON([server.url])
    #expect(detected["format"] as? String == "rails")
    #expect(detected.session(privateID)?["user"] as? String == "42")

    let snapshot = try Binary.attachJSON([server.url, "--format", "rails", "--prefix", "myapp:session:"])
    #expect(snapshot["count"] as? Int == 2)
    let devise = try #require(snapshot.session(privateID))
    #expect(devise["user"] as? String == "42")
    #expect(devise["attributes"] as? [String] == ["session_id", "warden.user.user.key", "_csrf_token"])
    #expect((devise["note"] as? String)?.contains("Rack private id") == true)
    #expect(snapshot.session("legacy1")?["user"] as? String == "300")
    // --user-field names another attribute, for any format.
    let byToken = try Binary.attachJSON([server.url, "--prefix", "myapp:session:", "--user-field", "_csrf_token"])
    #expect(byToken.session(privateID)?["user"] as? String == "tok")
}

/// sessionscope's own Redis store (RedisStore: `sessionscope:<run>:sess:<id>` hashes beside a
/// `sessionscope:<run>:expiry` sorted set), attached like anyone else's.
@Test(.enabled(if: redisAvailable))
func sessionscopesOwnRedisStore() throws {
    let server = try RedisServerProcess()
    defer { server.stop() }
    let store = RedisStore(
        host: "127.0.0.1", port: server.port, runID: "attach-test", rules: ClusterSettings().expiryRules)
    defer { store.close() }
    var random = SplitMix64(seed: 3)
    let record = SessionRecord(
        id: SessionID(using: &random), user: "alice", created: .zero, lastAccess: Instant(milliseconds: 5000),
        clientIP: IPv4(parsing: "10.0.0.1")!)
    try store.save(record, expiresAt: Instant(milliseconds: 1_805_000), now: Instant(milliseconds: 5000))
    let snapshot = try Binary.attachJSON([server.url])
    #expect(snapshot["format"] as? String == "sessionscope")
    #expect(snapshot["count"] as? Int == 1, "the expiry sorted set is not a session")
    let session = try #require(snapshot.session(record.id.description))
    #expect(session["user"] as? String == "alice")
    #expect(session["created"] as? String == "2026-01-01T00:00:00Z")
    #expect(session["attributes"] as? [String] == ["user", "created", "last", "ip", "cart", "theme"])
}

/// sessionscope's own SQLite store (SQLiteStore's `sessionscope_sessions` table), detected from its table.
@Test func sessionscopesOwnSQLiteStore() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("store.sqlite").path
    let store = try SQLiteStore(path: path, runID: "attach-test", rules: ClusterSettings().expiryRules)
    var random = SplitMix64(seed: 5)
    let record = SessionRecord(
        id: SessionID(using: &random), user: "bob", created: Instant(milliseconds: 60_000),
        lastAccess: Instant(milliseconds: 90_000), clientIP: IPv4(parsing: "10.0.0.2")!)
    try store.save(record, expiresAt: Instant(milliseconds: 1_890_000), now: Instant(milliseconds: 90_000))
    let snapshot = try Binary.attachJSON([path])
    #expect(snapshot["format"] as? String == "sessionscope")
    #expect(snapshot["count"] as? Int == 1)
    let session = try #require(snapshot.session(record.id.description))
    #expect(session["user"] as? String == "bob")
    #expect(session["key"] as? String == "sessionscope_sessions/attach-test:\(record.id)")
    #expect(session["created"] as? String == "2026-01-01T00:01:00Z")
    store.close()
}
