import Foundation
import SessionScopeStores

/// Sessions in another application's Redis: SCAN in pages under the format's prefix, then
/// one pipelined round trip per page for the values and their TTLs.
public final class RedisSessionReader: SessionReader {
    let redis: ReadOnlyRedis
    public let format: AttachFormat
    /// Keys start with this; the session id is the rest.
    public let prefix: String
    let userFields: [String]
    /// Keys per SCAN page (a hint to Redis, which may return more or fewer).
    let pageSize: Int
    /// Spring: session id → user, from the principal index; filled by `loadPrincipalIndex`.
    private(set) var principals: [String: String] = [:]
    public private(set) var principalIndexLoaded = false

    /// Connects (AUTH, SELECT, CLIENT SETNAME) and works out the format when it is `.auto`.
    public init(
        url: RedisURL, format: AttachFormat, prefix: String? = nil, userField: String? = nil, pageSize: Int = 1000
    ) throws {
        redis = ReadOnlyRedis(url: url)
        self.pageSize = pageSize
        let ping = try redis.send("PING")
        if case .error(let message) = ping { throw AttachError("\(redis.label): \(message)") }
        _ = try? redis.send("CLIENT", "SETNAME", "sessionscope-attach")
        var resolved = format
        var resolvedPrefix = prefix
        if format == .auto {
            let found = try FormatDetection.detect(redis, prefix: prefix)
            resolved = found.format
            resolvedPrefix = prefix ?? found.prefix
        }
        self.format = resolved
        self.prefix = resolvedPrefix ?? resolved.defaultRedisPrefix
        userFields = (userField.map { [$0] } ?? []) + resolved.userFields
        try checkMatches()
    }

    public var label: String { "\(redis.label) · \(format.rawValue)" }

    /// The only commands a Redis reader sends, in the contract's order.
    public static var allowedCommands: [String] { ReadOnlyRedis.allowed }

    /// A format named with `--format` that finds nothing of its kind is an error, not an empty list.
    private func checkMatches() throws {
        var first = try page(after: nil, now: Date(), rounds: 100)
        var scanned = first.scanned
        while first.rows.isEmpty, let next = first.next {
            first = try page(after: next, now: Date(), rounds: 100)
            scanned += first.scanned
        }
        guard !first.rows.isEmpty else {
            if scanned == 0 {
                let others = (try? FormatDetection.census(redis, prefix: nil)) ?? [:]
                let seen = others.sorted { $0.value > $1.value }.map { "\($0.value) \($0.key.rawValue)" }
                throw AttachError(
                    "\(redis.label): no \(format.rawValue) sessions (no \(format.place(prefix: prefix)))"
                        + (seen.isEmpty ? "" : "; found keys of \(seen.joined(separator: ", "))"))
            }
            return
        }
        if first.rows.allSatisfy({ $0.anomalies.contains(.undecodable) }) {
            throw AttachError(
                "\(redis.label): \(format.place(prefix: prefix)) are not \(format.rawValue) sessions "
                    + "(\(first.rows[0].key): \(first.rows[0].note ?? "undecodable"))")
        }
    }

    public func estimatedTotal() throws -> Int? {
        try redis.send("DBSIZE").integer.map(Int.init)
    }

    /// True for keys under the prefix that are not sessions: Spring's `expires:` shadow keys and
    /// `:idx` sets (anything with a further `:` in the id), sessionscope's `expiry` sorted sets.
    func isBookkeeping(_ key: [UInt8]) -> Bool {
        let rest = key.dropFirst(prefix.utf8.count)
        switch format {
        case .springSession: return rest.contains(UInt8(ascii: ":"))
        case .sessionscope: return Self.find(Array(":sess:".utf8), in: Array(rest)) == nil
        case .auto, .connectRedis, .flaskSession, .django, .phpRedis, .rails: return false
        }
    }

    public func page(after cursor: String?, now: Date) throws -> SessionPage {
        try page(after: cursor, now: now, rounds: 10)
    }

    /// One SCAN page (sessionscope's keys: `sessionscope:<run>:sess:<id>`, the id after `sess:`).
    /// `rounds`: how many SCAN calls that find nothing to make before giving back an empty page.
    func page(after cursor: String?, now: Date, rounds: Int) throws -> SessionPage {
        var cursor = cursor ?? "0"
        var scanned = 0
        var keys: [[UInt8]] = []
        var calls = 0
        // SCAN may return an empty page while the cursor is not done: go on until something
        // is found or a few thousand keys were looked at, so a first screen is not empty.
        repeat {
            let reply = try redis.send([
                ["SCAN", cursor, "MATCH", Self.escapeGlob(prefix) + "*", "COUNT", String(pageSize)].map {
                    Array($0.utf8)
                }
            ])[0]
            if case .error(let message) = reply { throw AttachError("\(redis.label): SCAN: \(message)") }
            guard let parts = reply.array, parts.count == 2, let next = parts[0].bytes else {
                throw AttachError("\(redis.label): SCAN gave an unexpected reply")
            }
            cursor = String(decoding: next, as: UTF8.self)
            let found = (parts[1].array ?? []).compactMap(\.bytes)
            scanned += found.count
            keys += found.filter { !isBookkeeping($0) }
            calls += 1
        } while keys.isEmpty && cursor != "0" && calls < rounds
        let rows = try read(keys: keys, now: now).map(\.row)
        return SessionPage(rows: rows, next: cursor == "0" ? nil : cursor, scanned: scanned)
    }

    func id(of key: [UInt8]) -> [UInt8] {
        var id = Array(key.dropFirst(prefix.utf8.count))
        if format == .sessionscope, let range = Self.find(Array("sess:".utf8), in: id) {
            id = Array(id[range.upperBound...])
        }
        return id
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<start + needle.count].elementsEqual(needle) {
            return start..<start + needle.count
        }
        return nil
    }

    /// The values and TTLs of `keys` in one round trip.
    private func read(keys: [[UInt8]], now: Date) throws -> [SessionDetail] {
        guard !keys.isEmpty else { return [] }
        let fetch = Array((format.redisType == "hash" ? "HGETALL" : "GET").utf8)
        var commands: [[[UInt8]]] = []
        commands.reserveCapacity(keys.count * 2)
        for key in keys {
            commands.append([fetch, key])
            commands.append([Array("PTTL".utf8), key])
        }
        let replies = try redis.send(commands)
        var details: [SessionDetail] = []
        details.reserveCapacity(keys.count)
        for (index, key) in keys.enumerated() {
            let value = replies[2 * index]
            let ttl = replies[2 * index + 1].integer
            if ttl == -2 { continue }  // gone between SCAN and GET
            let raw: RawSession
            var failure: String?
            switch value {
            case .bytes(let bytes): raw = .string(bytes)
            case .array(let items):
                var pairs: [(field: [UInt8], value: [UInt8])] = []
                var i = 0
                while i + 1 < items.count {
                    pairs.append((items[i].bytes ?? [], items[i + 1].bytes ?? []))
                    i += 2
                }
                if pairs.isEmpty { continue }
                raw = .hash(pairs)
            case .error(let message):
                raw = .string([])
                failure = message.hasPrefix("WRONGTYPE") ? "not a \(format.redisType) key" : message
            case .null: continue
            case .integer, .status: raw = .string([])
            }
            let idText = String(decoding: id(of: key), as: UTF8.self)
            let keyText = RawSession.escape(key)
            var (row, decoded) = RowBuilder.row(
                id: Self.shortRackID(idText), key: keyText, raw: raw, format: format, userFields: userFields,
                ttlMilliseconds: ttl, user: principals[idText], now: now)
            if let failure {
                row.note = failure
                if !row.anomalies.contains(.undecodable) { row.anomalies = (row.anomalies + [.undecodable]).sorted() }
            }
            if format == .rails, idText.hasPrefix("2::") {
                row.note = row.note ?? "Rack private id (SHA-256 of the cookie's id)"
            }
            details.append(SessionDetail(row: row, decoded: failure == nil ? decoded : nil, raw: raw))
        }
        return details
    }

    /// Rack's private ids are `2::` and 64 hex digits; they stay whole (they are the key).
    static func shortRackID(_ id: String) -> String { id }

    public func read(key: String, now: Date) throws -> SessionDetail? {
        try read(keys: [Array(key.utf8)], now: now).first
    }

    /// Spring: reads the principal index (`<namespace>index:...PRINCIPAL_NAME_INDEX_NAME:<user>` sets)
    /// into a map from session id to user, a page of index keys at a time.
    public func loadPrincipalIndex() throws {
        guard format == .springSession else { return }
        let namespace = prefix.hasSuffix("sessions:") ? String(prefix.dropLast("sessions:".count)) : prefix
        let marker = "PRINCIPAL_NAME_INDEX_NAME:"
        var cursor = "0"
        repeat {
            let reply = try redis.send(
                "SCAN", cursor, "MATCH", Self.escapeGlob(namespace) + "index:*" + marker + "*", "COUNT", "1000")
            guard let parts = reply.array, parts.count == 2, let next = parts[0].bytes else { break }
            cursor = String(decoding: next, as: UTF8.self)
            let keys = (parts[1].array ?? []).compactMap(\.bytes)
            guard !keys.isEmpty else { continue }
            let members = try redis.send(keys.map { [Array("SMEMBERS".utf8), $0] })
            for (key, reply) in zip(keys, members) {
                let text = String(decoding: key, as: UTF8.self)
                guard let range = text.range(of: marker) else { continue }
                let user = String(text[range.upperBound...])
                for id in reply.array ?? [] { principals[String(decoding: id.bytes ?? [], as: UTF8.self)] = user }
            }
        } while cursor != "0"
        principalIndexLoaded = true
    }

    /// A prefix as a SCAN pattern that matches only itself (`*`, `?`, `[`, `\` escaped).
    static func escapeGlob(_ text: String) -> String {
        var out = ""
        for c in text {
            if "*?[]\\".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    public func shutdown() { redis.close() }
}
