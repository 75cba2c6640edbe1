import ArgumentParser
import SessionScopeCore
import SessionScopeStores

/// The `cluster` keys of the scenario language as command-line options, and the real
/// stores' locations.
struct ClusterOptions: ParsableArguments {
    @Option(help: "Where sessions live: local, replicated, sqlite, redis or jwt.")
    var store: String?
    @Option(help: "Number of app servers (1 to 16).")
    var servers: String?
    @Option(help: "round-robin, random, ip-hash, sticky-cookie or least-sessions.")
    var balancer: String?
    @Option(help: "Idle timeout, e.g. 30m.")
    var timeout: String?
    @Option(help: "Absolute session lifetime, e.g. 8h, or off.")
    var absolute: String?
    @Option(help: "New session id at login: on or off.")
    var regenerate: String?
    @Option(help: "Seed for session ids and the random balancer.")
    var seed: String?
    @OptionGroup var stores: StoreLocationOptions

    /// The options given, as `cluster` settings (forced onto every `cluster` of a scenario).
    var overrides: [(String, String)] {
        [
            ("store", store), ("servers", servers), ("balancer", balancer), ("timeout", timeout),
            ("absolute", absolute), ("regenerate", regenerate), ("seed", seed),
        ]
        .compactMap { key, value in value.map { (key, $0) } }
    }

    func validate() throws {
        var settings = ClusterSettings()
        for (key, value) in overrides {
            do { try settings.set(key, value) } catch { throw ValidationError("--\(key): \(error.message)") }
        }
    }

    /// A provider for the real stores these options name.
    func storeProvider() -> StoreProvider { stores.provider() }

    /// The settings the options describe.
    var settings: ClusterSettings {
        var settings = ClusterSettings()
        for (key, value) in overrides { try? settings.set(key, value) }
        return settings
    }
}

/// Where the real stores are: `--redis`, `--db`, `--sqlite-durability`.
struct StoreLocationOptions: ParsableArguments {
    @Option(help: "The Redis server for store=redis: redis://HOST:PORT[/DB]. Default: a private redis-server.")
    var redis: String?
    @Option(help: "The SQLite file for store=sqlite. Default: a new temporary file.")
    var db: String?
    @Option(
        help:
            "SQLite durability for store=sqlite: durable (journal_mode=DELETE, synchronous=FULL) or wal (WAL, synchronous=NORMAL)."
    )
    var sqliteDurability: String = "durable"

    func validate() throws {
        if let redis {
            do { _ = try RedisURL(parsing: redis) } catch { throw ValidationError("--redis: \(error)") }
        }
        guard SQLiteStore.Durability(rawValue: sqliteDurability) != nil else {
            throw ValidationError("--sqlite-durability: durable or wal, not '\(sqliteDurability)'")
        }
    }

    /// A provider for the real stores these options name.
    func provider() -> StoreProvider {
        StoreProvider(
            options: StoreOptions(
                redisURL: redis, sqlitePath: db,
                sqliteDurability: SQLiteStore.Durability(rawValue: sqliteDurability) ?? .durable))
    }
}
