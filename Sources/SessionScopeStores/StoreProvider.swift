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
    private var redisServer: RedisServerProcess?
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
                let parsed: RedisURL
                do { parsed = try RedisURL(parsing: url) } catch {
                    throw StoreError(operation: "--redis", cause: error.description)
                }
                store = RedisStore(url: parsed, runID: Self.newRunID(), rules: rules)
            } else {
                if redisServer == nil { redisServer = try RedisServerProcess() }
                store = RedisStore(host: "127.0.0.1", port: redisServer!.port, runID: Self.newRunID(), rules: rules)
            }
        }
        opened.append(store)
        if requireReachable { try store.checkReachable() }
        return store
    }

    /// Removes this run's sessions from every store it opened and stops the private Redis.
    public func shutdown() {
        for store in opened { store.close() }
        opened.removeAll()
        redisServer?.stop()
        redisServer = nil
    }
}
