import Foundation

/// `--format auto`: which application's sessions a Redis holds, from the names of a sample
/// of its keys (or, under a `--prefix` that names no format, from their values).
enum FormatDetection {
    /// Keys looked at at most: enough to see what is there, cheap even in a huge store.
    static let sampleRounds = 20

    /// The format a key's name belongs to, and the prefix in front of the session id.
    static func classify(_ key: String) -> (AttachFormat, String)? {
        if key.hasPrefix("sessionscope:"), key.contains(":sess:") { return (.sessionscope, "sessionscope:") }
        if key.hasPrefix("PHPREDIS_SESSION:") { return (.phpRedis, "PHPREDIS_SESSION:") }
        if key.hasPrefix("sess:") { return (.connectRedis, "sess:") }
        if key.hasPrefix("session:") { return (.flaskSession, "session:") }
        if let range = key.range(of: ":sessions:") {
            // Spring Session: <namespace>:sessions:<id>, and its bookkeeping beside it.
            return (.springSession, String(key[..<range.upperBound]))
        }
        if key.hasPrefix("spring:session:") { return (.springSession, "spring:session:sessions:") }
        if let range = key.range(of: "2::", options: .backwards), key[range.upperBound...].count == 64,
            key[range.upperBound...].allSatisfy(\.isHexDigit)
        {
            return (.rails, String(key[..<range.lowerBound]))
        }
        if key.hasPrefix("rack:session:") { return (.rails, "rack:session:") }
        return nil
    }

    /// How many sampled keys look like each format, with the most common prefix of each.
    static func census(_ redis: ReadOnlyRedis, prefix: String?) throws -> [AttachFormat: Int] {
        try sample(redis, prefix: prefix).counts
    }

    private static func sample(_ redis: ReadOnlyRedis, prefix: String?) throws -> (
        counts: [AttachFormat: Int], prefixes: [AttachFormat: [String: Int]], keys: [[UInt8]]
    ) {
        var counts: [AttachFormat: Int] = [:]
        var prefixes: [AttachFormat: [String: Int]] = [:]
        var keys: [[UInt8]] = []
        var cursor = "0"
        var rounds = 0
        repeat {
            let pattern = (prefix.map(RedisSessionReader.escapeGlob) ?? "") + "*"
            let reply = try redis.send("SCAN", cursor, "MATCH", pattern, "COUNT", "1000")
            if case .error(let message) = reply { throw AttachError("\(redis.label): SCAN: \(message)") }
            guard let parts = reply.array, parts.count == 2, let next = parts[0].bytes else { break }
            cursor = String(decoding: next, as: UTF8.self)
            for key in (parts[1].array ?? []).compactMap(\.bytes) {
                if keys.count < 50 { keys.append(key) }
                guard let (format, found) = classify(String(decoding: key, as: UTF8.self)) else { continue }
                counts[format, default: 0] += 1
                prefixes[format, default: [:]][found, default: 0] += 1
            }
            rounds += 1
        } while cursor != "0" && rounds < sampleRounds
        return (counts, prefixes, keys)
    }

    /// The format and prefix found, or an error that says what is there.
    static func detect(_ redis: ReadOnlyRedis, prefix: String?) throws -> (format: AttachFormat, prefix: String) {
        let (counts, prefixes, keys) = try sample(redis, prefix: prefix)
        if prefix == nil, let best = counts.max(by: { ($0.value, rank($1.key)) < ($1.value, rank($0.key)) }) {
            let place = prefixes[best.key]?.max { $0.value < $1.value }?.key ?? best.key.defaultRedisPrefix
            return (best.key, place)
        }
        if let prefix, let format = try sniff(redis, keys: keys) { return (format, prefix) }
        if keys.isEmpty {
            throw AttachError(
                "\(redis.label): no keys\(prefix.map { " under \($0)" } ?? "") to detect a format from; "
                    + "name one with --format")
        }
        throw AttachError(
            "\(redis.label): no known session keys (e.g. '\(RawSession.escape(keys[0]))'); "
                + "name the format with --format and the key prefix with --prefix")
    }

    /// Ties go to the earlier format in the contract's list.
    private static func rank(_ format: AttachFormat) -> Int { AttachFormat.allCases.firstIndex(of: format) ?? 0 }

    /// Under a prefix that names no format: the first format that decodes the sampled values.
    private static func sniff(_ redis: ReadOnlyRedis, keys: [[UInt8]]) throws -> AttachFormat? {
        let sample = Array(keys.prefix(10))
        guard !sample.isEmpty else { return nil }
        let types = try redis.send(sample.map { [Array("TYPE".utf8), $0] })
        var hashes: [[UInt8]] = []
        var strings: [[UInt8]] = []
        for (key, type) in zip(sample, types) {
            if case .status(let name) = type {
                if name == "hash" { hashes.append(key) }
                if name == "string" { strings.append(key) }
            }
        }
        if let key = hashes.first, let reply = try redis.send([[Array("HGETALL".utf8), key]]).first {
            let fields = (reply.array ?? []).compactMap(\.bytes).map { String(decoding: $0, as: UTF8.self) }
            if fields.contains("creationTime") || fields.contains("lastAccessedTime") { return .springSession }
            if fields.contains("created") && fields.contains("last") { return .sessionscope }
        }
        let values = try redis.send(strings.map { [Array("GET".utf8), $0] }).compactMap(\.bytes)
        for format in [AttachFormat.connectRedis, .flaskSession, .phpRedis, .rails] {
            let decoded = values.filter {
                if case .success(let session) = SessionDecoders.decode(.string($0), as: format) {
                    return format != .connectRedis || session.map["cookie"] != nil
                }
                return false
            }
            if !values.isEmpty && decoded.count == values.count { return format }
        }
        return nil
    }
}
