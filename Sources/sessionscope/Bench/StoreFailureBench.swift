import Foundation
import SessionScopeCore
import SessionScopeStores

/// The store's own failures (1.1), measured on private redis-servers started with the
/// cluster keys' arguments: what a session costs under each `eviction` policy, and how long
/// `store restart` takes with an append-only file holding 100,000 sessions.
enum StoreFailureBench {
    static let sessions = 100_000

    static func run(log: (String) -> Void) throws -> [(String, Double)] {
        var figures: [(String, Double)] = []
        for policy in EvictionPolicy.allCases {
            var settings = ClusterSettings()
            settings.store = .redis
            // Room for every session: the figure is what one costs, not what is evicted.
            settings.maxMemory = 256 << 20
            settings.eviction = policy
            let bytes = try bytesPerSession(settings)
            let name = "redis_bytes_per_session_\(policy.rawValue.replacingOccurrences(of: "-", with: "_"))"
            log("\(name): \(String(format: "%.1f", bytes)) (used_memory, \(sessions) sessions, maxmemory=256mb)")
            figures.append((name, bytes))
        }
        let (seconds, kept) = try restartWithAOF()
        log(
            "redis_aof_restart_s: \(String(format: "%.3f", seconds)) (\(sessions) sessions, appendfsync everysec; "
                + "\(kept) sessions after)")
        figures.append(("redis_aof_restart_s", seconds))
        return figures
    }

    /// Writes the sessions through the store and divides the growth of `used_memory`.
    private static func bytesPerSession(_ settings: ClusterSettings) throws -> Double {
        let server = try RedisServerProcess(configuration: RedisServerProcess.configuration(for: settings))
        defer { server.stop() }
        let store = RedisStore(server: server, runID: "bench", rules: settings.expiryRules, watchEvictions: false)
        defer { store.close() }
        let before = try store.usedMemory()
        try fill(store)
        return Double(try store.usedMemory() - before) / Double(sessions)
    }

    /// `store restart` of a Redis with `persistence=aof` holding the sessions: from the stop
    /// until it answers again with every session read back.
    private static func restartWithAOF() throws -> (Double, Int) {
        var settings = ClusterSettings()
        settings.store = .redis
        settings.persistence = .aof
        let server = try RedisServerProcess(configuration: RedisServerProcess.configuration(for: settings))
        defer { server.stop() }
        let store = RedisStore(server: server, runID: "bench", rules: settings.expiryRules, watchEvictions: false)
        defer { store.close() }
        try fill(store)
        let seconds = try Stopwatch.seconds { _ = try store.restart() }
        return (seconds, try store.count())
    }

    private static func fill(_ store: RedisStore) throws {
        var random = SplitMix64(seed: 3)
        for i in 0..<sessions {
            let record = SessionRecord(
                id: SessionID(using: &random), user: "u\(i)", created: .zero, lastAccess: .zero,
                clientIP: IPv4(UInt32(i)))
            try store.save(record, expiresAt: Instant(milliseconds: 1_800_000), now: .zero)
            if i % 10_000 == 0 { _ = store.drainTimings() }
        }
        _ = store.drainTimings()
    }
}
