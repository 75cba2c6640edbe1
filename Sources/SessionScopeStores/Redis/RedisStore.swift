import SessionScopeCore

/// Sessions in a real Redis server, shared by every app server.
///
/// Each session is a hash under `<prefix>sess:<id>` (user, created, last access, client ip)
/// with a real TTL as a backstop, and every id is also in the sorted set `<prefix>expiry`
/// scored by when it stops being valid on the virtual clock, so a sweep reads only what is
/// due. The prefix is unique to the run: two runs against one Redis never meet, and a run
/// touches no key outside its prefix.
public final class RedisStore: SharedSessionStore {
    /// Replaced when a failover moves the primary (`RedisStore+Replication.swift`).
    var connection: RedisConnection
    /// The private primary, replicas and sentinels of `replicas=N` (1.1), nil otherwise.
    var topology: RedisTopology?
    /// `sessionscope:<run>:`; every key of this run starts with it.
    public let prefix: String
    private var timings: [StoreTimingRecord] = []
    /// Real seconds added to a key's virtual remaining lifetime for its TTL: the virtual clock
    /// may stand still (a paused UI) while real time passes, and the TTL must not expire a
    /// session the world still counts as valid. It only cleans up after a run that died.
    static let ttlSlackSeconds: Int64 = 86_400

    public let rules: ExpiryRules
    private var closed = false
    /// The private server the store runs on (1.1), which `store restart` restarts; nil for a
    /// server `--redis URL` names, which is not ours to restart.
    let server: RedisServerProcess?
    /// Told when the store closes (the provider stops a private server no open store uses).
    var onClose: (() -> Void)?
    /// Whether `close()` ended the run.
    var isClosed: Bool { closed }
    /// With `maxmemory` (1.1): what Redis reports it evicted.
    /// A `var`: after a failover it watches the new primary (RedisStore+Replication.swift).
    var watch: RedisEvictionWatch?
    /// `store.restarts` (1.1).
    public private(set) var restarts = 0

    public init(host: String, port: Int32, database: Int = 0, runID: String, rules: ExpiryRules) {
        connection = RedisConnection(host: host, port: port, database: database)
        prefix = "sessionscope:\(runID):"
        self.rules = rules
        server = nil
        watch = nil
    }

    /// A store on the server a URL names, logging in with the URL's user and password.
    public init(url: RedisURL, runID: String, rules: ExpiryRules) {
        connection = RedisConnection(url: url)
        prefix = "sessionscope:\(runID):"
        self.rules = rules
        server = nil
        watch = nil
    }

    /// A store on sessionscope's own server (1.1), which `store restart` may restart; with
    /// `watchEvictions`, what Redis evicts is learnt from its keyspace notifications (the
    /// server must run with `notify-keyspace-events Ee`, as `configuration(for:)` starts it).
    public init(server: RedisServerProcess, runID: String, rules: ExpiryRules, watchEvictions: Bool) {
        connection = RedisConnection(host: "127.0.0.1", port: server.port)
        prefix = "sessionscope:\(runID):"
        self.rules = rules
        self.server = server
        watch =
            watchEvictions ? RedisEvictionWatch(host: "127.0.0.1", port: server.port, database: 0, prefix: prefix) : nil
        // Subscribed before the first write: an eviction nobody listened for is lost for good.
        // A failure here shows on the first operation (the store is unreachable then too).
        if let watch { try? watch.start(connection) }
    }

    public var label: String { "redis \(connection.host):\(connection.port)" }

    private var expiryKey: String { prefix + "expiry" }
    private func key(_ id: SessionID) -> String { prefix + "sess:" + id.description }

    /// Runs one operation, timing it under `name` (`redis GET`, a literal: no string is
    /// built per operation).
    private func run<T>(_ name: StaticString, _ body: () throws -> T) throws -> T {
        do {
            return try StoreClock.measure(name, into: &timings, body)
        } catch let failure as RedisConnection.Failure {
            throw StoreError(
                operation: String(describing: name).replacingOccurrences(of: "redis ", with: ""),
                cause: failure.description)
        }
    }

    /// Turns an error reply into a failure; the operation's timing goes with it (a latency
    /// beside a failure would read as if it had succeeded).
    private func check(_ reply: RedisConnection.Reply, _ operation: String) throws {
        guard case .error(let message) = reply else { return }
        if !timings.isEmpty { timings.removeLast() }
        throw StoreError(operation: operation, cause: "redis: \(message)")
    }

    public func load(_ id: SessionID) throws -> SessionRecord? {
        let reply = try run("redis HGETALL") { try connection.command(["HGETALL", key(id)]) }
        try check(reply, "HGETALL")
        return Self.record(id: id, fields: reply.array ?? [])
    }

    public func save(_ record: SessionRecord, expiresAt: Instant, now: Instant) throws {
        let ttl = max(1, (expiresAt - now).seconds) + Self.ttlSlackSeconds
        let replies = try run("redis HSET") {
            try connection.pipeline([
                [
                    "HSET", key(record.id), "user", record.user ?? "", "created", String(record.created.milliseconds),
                    "last", String(record.lastAccess.milliseconds), "ip", record.clientIP.description,
                    // The whole session, replacing what is stored (1.1: also the data, empty or not).
                    "cart", Self.encodeCart(record.data.cart), "theme", record.data.theme ?? "",
                ],
                ["EXPIRE", key(record.id), String(ttl)],
                ["ZADD", expiryKey, String(expiresAt.milliseconds), record.id.description],
            ])
        }
        for reply in replies { try check(reply, "HSET") }
    }

    /// `save=delta`: in one Lua script (atomic in Redis), if the session's hash still exists,
    /// only the changed fields and the access time are set, and the TTL and expiry index
    /// moved; a session deleted meanwhile is not brought back.
    public func saveChanges(_ record: SessionRecord, _ attributes: SessionAttributes, expiresAt: Instant, now: Instant)
        throws -> Bool
    {
        let ttl = max(1, (expiresAt - now).seconds) + Self.ttlSlackSeconds
        var fields = ["last", String(record.lastAccess.milliseconds)]
        if attributes.contains(.user) { fields += ["user", record.user ?? ""] }
        if attributes.contains(.cart) { fields += ["cart", Self.encodeCart(record.data.cart)] }
        if attributes.contains(.theme) { fields += ["theme", record.data.theme ?? ""] }
        let reply = try run("redis EVAL") {
            try connection.command(
                [
                    "EVAL", Self.deltaScript, "2", key(record.id), expiryKey, String(ttl),
                    String(expiresAt.milliseconds),
                    record.id.description,
                ] + fields)
        }
        try check(reply, "EVAL")
        return reply.integer == 1
    }

    /// KEYS: the session's hash, the expiry index. ARGV: ttl, expiry score, id, then field/value pairs.
    static let deltaScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
        redis.call('EXPIRE', KEYS[1], ARGV[1])
        redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
        return 1
        """

    /// A cart as one hash field: its items separated by the unit separator (U+001F), which a
    /// form value from a scenario never holds unescaped.
    static func encodeCart(_ items: [String]) -> String { items.joined(separator: "\u{1F}") }

    static func decodeCart(_ field: String) -> [String] {
        field.isEmpty ? [] : field.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
    }

    public func delete(_ id: SessionID) throws {
        let replies = try run("redis DEL") {
            try connection.pipeline([["DEL", key(id)], ["ZREM", expiryKey, id.description]])
        }
        for reply in replies { try check(reply, "DEL") }
    }

    public func removeExpired(now: Instant) throws -> [(
        SessionRecord, ExpiryReason
    )] {
        let ids: [SessionID]
        try catchUpEvictions()
        let scanning = watch?.indexEvicted ?? false
        if scanning {
            // Redis evicted the index: every session is looked at (few fit under maxmemory).
            // Only then: reading a session counts as using it for an LRU policy.
            ids = try sessionIDs()
        } else {
            let due = try run("redis ZRANGEBYSCORE") {
                try connection.command(["ZRANGEBYSCORE", expiryKey, "-inf", String(now.milliseconds)])
            }
            try check(due, "ZRANGEBYSCORE")
            ids = (due.array ?? []).compactMap { $0.string.flatMap(SessionID.init(hex:)) }
        }
        guard !ids.isEmpty else { return [] }
        let records = try run("redis HGETALL") { try connection.pipeline(ids.map { ["HGETALL", key($0)] }) }
        var removed: [(SessionRecord, ExpiryReason)] = []
        for (id, reply) in zip(ids, records) {
            guard let record = Self.record(id: id, fields: reply.array ?? []) else { continue }
            if case .expired(let reason) = record.validity(at: now, rules) {
                removed.append((record, reason))
            }
        }
        // From the index: every due id goes (a stale or evicted entry too); from the keys: the expired ones.
        let doomed = scanning ? removed.map(\.0.id) : ids
        guard !doomed.isEmpty else { return [] }
        let replies = try run("redis DEL") {
            try connection.pipeline(
                doomed.map { ["DEL", key($0)] } + [["ZREM", expiryKey] + doomed.map(\.description)])
        }
        for reply in replies { try check(reply, "DEL") }
        return removed.sorted { $0.0.id < $1.0.id }
    }

    public func checkReachable() throws {
        defer { timings.removeAll() }
        let reply = try run("redis PING") { try connection.command(["PING"]) }
        try check(reply, "PING")
    }

    public func count() throws -> Int {
        if watch != nil {
            try catchUpEvictions()
            return try sessionIDs().count
        }
        let reply = try run("redis ZCARD") { try connection.command(["ZCARD", expiryKey]) }
        try check(reply, "ZCARD")
        return Int(reply.integer ?? 0)
    }

    public func list(limit: Int) throws -> [SessionRecord] {
        guard limit > 0 else { return [] }
        let parsed: [SessionID]
        if watch != nil {
            try catchUpEvictions()
            parsed = Array(try sessionIDs().prefix(limit))
        } else {
            let ids = try run("redis ZRANGE") {
                try connection.command(["ZRANGE", expiryKey, "0", String(limit - 1)])
            }
            try check(ids, "ZRANGE")
            parsed = (ids.array ?? []).compactMap { $0.string.flatMap(SessionID.init(hex:)) }
        }
        guard !parsed.isEmpty else { return [] }
        let replies = try run("redis HGETALL") { try connection.pipeline(parsed.map { ["HGETALL", key($0)] }) }
        return zip(parsed, replies).compactMap { Self.record(id: $0, fields: $1.array ?? []) }
    }

    /// Deletes every key under this run's prefix (found with SCAN, so strays go too).
    public func removeAll() throws {
        var cursor = "0"
        repeat {
            let reply = try run("redis SCAN") {
                try connection.command(["SCAN", cursor, "MATCH", prefix + "*", "COUNT", "1000"])
            }
            try check(reply, "SCAN")
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string else { break }
            cursor = next
            let keys = (parts[1].array ?? []).compactMap(\.string)
            if !keys.isEmpty {
                let deleted = try run("redis DEL") { try connection.command(["DEL"] + keys) }
                try check(deleted, "DEL")
            }
        } while cursor != "0"
    }

    public func takeTimings() -> [StoreTiming] {
        defer { timings.removeAll(keepingCapacity: true) }
        return timings.map {
            StoreTiming(operation: String(describing: $0.name), microseconds: Double($0.nanoseconds) / 1000)
        }
    }

    // MARK: - The store's own failures (1.1)

    /// Reads what Redis evicted since the last look; evicted sessions leave the expiry index
    /// too, so that `store.sessions` counts what Redis holds.
    private func catchUpEvictions() throws {
        guard let watch else { return }
        do { _ = try watch.catchUp(connection) } catch let failure as RedisConnection.Failure {
            throw StoreError(operation: "SUBSCRIBE", cause: failure.description)
        }
    }

    /// The ids of this run's session keys, found with SCAN. With `maxmemory` the expiry index
    /// is a key like any other, which an `allkeys-*` policy evicts too: sessions are then
    /// counted from their own keys (SCAN does not count as a use for LRU), and swept from them
    /// once Redis reported evicting the index.
    private func sessionIDs() throws -> [SessionID] {
        var found: Set<SessionID> = []
        let keyPrefix = prefix + "sess:"
        var cursor = "0"
        repeat {
            let reply = try run("redis SCAN") {
                try connection.command(["SCAN", cursor, "MATCH", keyPrefix + "*", "COUNT", "1000"])
            }
            try check(reply, "SCAN")
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string else { break }
            cursor = next
            for key in (parts[1].array ?? []).compactMap(\.string) {
                if let id = SessionID(hex: String(key.dropFirst(keyPrefix.count))) { found.insert(id) }
            }
        } while cursor != "0"
        return found.sorted()
    }

    public func evictedCount() throws -> Int {
        try catchUpEvictions()
        return watch?.evicted.count ?? 0
    }

    public func eviction(of id: SessionID) throws -> String? {
        try catchUpEvictions()
        return watch?.evicted[id]
    }

    /// `store restart`: redis-server stops (SIGTERM: with an append-only file, it writes it out
    /// first) and starts again on the same port in the same directory.
    public func restart() throws -> String {
        guard server != nil || topology != nil else { throw StoreRefusal(Self.restartRefusal) }
        connection.disconnect()
        watch?.reset()
        let restarted: RedisServerProcess
        if let server {
            try server.restart()
            restarted = server
        } else if let topology {
            // With replicas, the primary (the one in use now, maybe promoted by a failover)
            // restarts as the primary, and the replicas copy it again once it is back: without
            // persistence they copy an empty primary (Redis's documented hazard).
            restarted = try topology.restartPrimary()
        } else {
            throw StoreRefusal(Self.restartRefusal)
        }
        restarts += 1
        // Subscribed again before the next write, as when the store was made.
        if let watch { try? watch.start(connection) }
        let what = topology.map { "the primary, store-\($0.primary)," } ?? "redis-server"
        let replicas = topology.map { topology -> String in
            let count = topology.replicaNumbers.count
            guard count > 0 else { return "" }
            let copied = topology.lagging ? "will copy it once their links flow" : "copied it"
            return "; its \(count) replica\(count == 1 ? "" : "s") \(copied) again"
        }
        return
            (restarted.appendOnly
            ? "\(what) stopped and started again (same port, same directory); appendonly yes: it read its "
                + "append-only file back"
            : "\(what) stopped and started again (same port, same directory); no snapshots, no append-only "
                + "file: it started empty") + (replicas ?? "")
    }

    /// Why `store restart` is refused against `--redis` (one wording for `check` and the run).
    public static let restartRefusal =
        "store restart: leave out --redis; the Redis it names was not started by sessionscope: it is not ours to "
        + "restart"

    /// Ends the run: its keys are deleted and the connection closed. Once: a world and the
    /// provider that made the store may both close it.
    public func close() {
        guard !closed else { return }
        closed = true
        watch?.close()
        try? removeAll()
        connection.disconnect()
        topology?.stop()
        onClose?()
        onClose = nil
    }

    /// The server's `used_memory` from `INFO memory`, for the benchmarks.
    public func usedMemory() throws -> Int {
        let reply = try run("redis INFO") { try connection.command(["INFO", "memory"]) }
        guard let text = reply.string,
            let line = text.split(whereSeparator: { $0.isNewline }).first(where: { $0.hasPrefix("used_memory:") }),
            let bytes = Int(line.dropFirst("used_memory:".count))
        else {
            throw StoreError(operation: "INFO", cause: "no used_memory in INFO memory")
        }
        return bytes
    }

    private static func record(id: SessionID, fields: [RedisConnection.Reply]) -> SessionRecord? {
        guard fields.count >= 2 else { return nil }
        var user: String?
        var created: Int64?
        var last: Int64?
        var ip = IPv4(0)
        var data = SessionData()
        var index = 0
        while index + 1 < fields.count {
            if let key = fields[index].string, let value = fields[index + 1].string {
                switch key {
                case "user": user = value.isEmpty ? nil : value
                case "created": created = Int64(value)
                case "last": last = Int64(value)
                case "ip": ip = IPv4(parsing: value) ?? ip
                case "cart": data.cart = decodeCart(value)
                case "theme": data.theme = value.isEmpty ? nil : value
                default: break
                }
            }
            index += 2
        }
        guard let created, let last else { return nil }
        return SessionRecord(
            id: id, user: user, created: Instant(milliseconds: created),
            lastAccess: Instant(milliseconds: last), clientIP: ip, data: data)
    }
}
