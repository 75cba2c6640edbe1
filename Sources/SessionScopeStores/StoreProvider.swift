import Foundation
import SessionScopeCore

/// Where the real stores are: what `--redis`, `--db` and `--sqlite-durability` say.
public struct StoreOptions: Sendable {
    public var redisURL: String?
    public var sqlitePath: String?
    public var sqliteDurability: SQLiteStore.Durability

    public init(redisURL: String? = nil, sqlitePath: String? = nil, sqliteDurability: SQLiteStore.Durability = .durable)
    {
        self.redisURL = redisURL
        self.sqlitePath = sqlitePath
        self.sqliteDurability = sqliteDurability
    }
}

/// Builds the real shared stores a world asks for (its `StoreFactory`), starts a
/// private redis-server when needed, and cleans everything up in `shutdown()`.
public final class StoreProvider {
    public let options: StoreOptions
    /// The private Redis the next cluster with the same settings shares.
    private var redisServer: RedisServerProcess?
    /// Every private Redis started and not stopped yet: an older one runs on while a store
    /// still uses it (a rewind keeps the old world until the new one is built).
    private var redisServers: [RedisServerProcess] = []
    private var opened: [any SharedSessionStore] = []

    /// Whether a real store must answer when it is made. `check` and `replay --headless` need
    /// it (a run against a store that cannot be reached would read as if it had run); the
    /// terminal UI does not: it starts and shows the store as unreachable, with the cause.
    public var requireReachable = true

    public init(options: StoreOptions = StoreOptions()) { self.options = options }

    /// A fresh id for a run's keys and rows. Real randomness is fine here: it only keeps runs
    /// apart in a shared store and never reaches the model.
    static func newRunID() -> String {
        "\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
    }

    /// The private Redis server, if one was started.
    public var privateRedis: RedisServerProcess? { redisServer }

    /// The registry of store kinds: every kind of `StoreKind` is made here, the real ones by
    /// this module and the in-memory ones by the core. The switch is exhaustive on purpose,
    /// so a new kind does not compile until it is registered.
    public func make(_ settings: ClusterSettings) throws -> any SessionStore {
        let rules = settings.expiryRules
        let store: any SharedSessionStore
        switch settings.store {
        case .local, .replicated, .jwt:
            return try inMemoryStore(settings)
        case .sqlite:
            store = try SQLiteStore(
                path: options.sqlitePath, durability: options.sqliteDurability, runID: Self.newRunID(), rules: rules)
        case .redis:
            if settings.replicas > 0 || settings.sentinel {
                store = try makeReplicatedRedis(settings)
            } else if let url = options.redisURL {
                if let refusal = Self.refusal(settings, redisURL: url) { throw refusal }
                let parsed: RedisURL
                do { parsed = try RedisURL(parsing: url) } catch {
                    throw StoreError(operation: "--redis", cause: error.description)
                }
                store = RedisStore(url: parsed, runID: Self.newRunID(), rules: rules)
            } else {
                let server = try privateRedis(for: settings)
                let redis = RedisStore(
                    server: server, runID: Self.newRunID(), rules: rules, watchEvictions: settings.maxMemory != nil)
                redis.onClose = { [weak self] in self?.stopUnusedRedis() }
                store = redis
            }
        }
        opened.append(store)
        if requireReachable { try store.checkReachable() }
        return store
    }

    /// The private Redis, started with the cluster's Redis keys (1.1). One server serves every
    /// cluster of a run while they want the same settings; a cluster that wants others gets a
    /// new server (the old one is stopped: the previous cluster's store is let go right after),
    /// so the server really runs with what the cluster says, from its command line.
    private func privateRedis(for settings: ClusterSettings) throws -> RedisServerProcess {
        let wanted = RedisServerProcess.configuration(for: settings)
        if let running = redisServer, running.arguments == wanted { return running }
        redisServer = nil
        stopUnusedRedis()
        let server = try RedisServerProcess(configuration: wanted)
        redisServer = server
        redisServers.append(server)
        return server
    }

    /// Stops every private Redis no open store uses (not even the one a next cluster would
    /// share: its store closed, the cluster that wanted it is gone), so that a Redis a later
    /// cluster replaced does not run on until exit.
    private func stopUnusedRedis() {
        opened.removeAll { ($0 as? RedisStore)?.isClosed == true }
        let used = opened.compactMap { ($0 as? RedisStore)?.server }
        for server in redisServers where !used.contains(where: { $0 === server }) {
            server.stop()
            if redisServer === server { redisServer = nil }
        }
        redisServers.removeAll { server in !used.contains { $0 === server } }
    }

    /// Why a cluster's Redis keys (and `replicas`, `sentinel`) cannot be honoured against
    /// `--redis URL`, or nil. One wording for `check`, a run and the terminal UI.
    public static func refusal(_ settings: ClusterSettings, redisURL: String) -> StoreRefusal? {
        let words = refusedWords(settings)
        guard !words.isEmpty else { return nil }
        return StoreRefusal(
            "\(words.joined(separator: " ")): leave out --redis; the Redis it names was not started by sessionscope: "
                + "it is not ours to reconfigure")
    }

    /// The cluster's words that need sessionscope's own Redis, as `key=value`.
    public static func refusedWords(_ settings: ClusterSettings) -> [String] {
        settings.redisWords + (settings.replicas > 0 ? ["replicas=\(settings.replicas)"] : [])
            + (settings.sentinel ? ["sentinel=on"] : [])
    }

    /// Removes this run's sessions from every store it opened and stops the private Redis.
    public func shutdown() {
        for store in opened { store.close() }
        opened.removeAll()
        for server in redisServers { server.stop() }
        redisServers.removeAll()
        redisServer = nil
    }
}
