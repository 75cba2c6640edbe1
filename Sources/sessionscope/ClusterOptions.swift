import ArgumentParser
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores

/// The `cluster` keys of the scenario language as command-line options, and the real
/// stores' locations. Options with a fixed set of values are enums, so that help lists them.
struct ClusterOptions: ParsableArguments {
    @Option(help: "Where sessions live.")
    var store: StoreKind?
    @Option(help: "Number of app servers (1 to \(ClusterSettings.maxServers)).")
    var servers: Int?
    @Option(help: "How the load balancer picks a server.")
    var balancer: BalancerPolicy?
    @Option(help: "Idle timeout, e.g. 30m.")
    var timeout: String?
    @Option(help: "Absolute session lifetime, e.g. 8h, or off.")
    var absolute: String?
    @Option(help: "A new session id at login.")
    var regenerate: Toggle?
    @Option(help: "Name of the session cookie (default SID).")
    var cookie: String?
    @Option(help: "Max-Age given to the session cookie by a login with remember=on, e.g. 14d.")
    var remember: String?
    @Option(help: "How often expired sessions are removed, e.g. 1m.")
    var sweep: String?
    @Option(help: "Seed for session ids and the random balancer (0 to \(UInt64.max)).")
    var seed: UInt64?
    @OptionGroup var stores: StoreLocationOptions

    /// The options given, as `cluster` settings (forced onto every `cluster` of a scenario).
    var overrides: [(String, String)] {
        [
            ("store", store?.rawValue), ("servers", servers.map(String.init)), ("balancer", balancer?.rawValue),
            ("timeout", timeout), ("absolute", absolute), ("regenerate", regenerate?.rawValue),
            ("cookie", cookie), ("remember", remember), ("sweep", sweep), ("seed", seed.map(String.init)),
        ]
        .compactMap { key, value in value.map { (key, $0) } }
    }

    func validate() throws {
        var settings = ClusterSettings()
        for (key, value) in overrides {
            do { try settings.set(key, value) } catch { throw ValidationError("--\(key): \(error.message)") }
            if let problem = Parser.durationLimitProblem(key: key, value: value) {
                throw ValidationError("--\(key): \(problem)")
            }
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

/// `on` or `off`, as the scenario language writes a switch.
enum Toggle: String, CaseIterable, ExpressibleByArgument {
    case on, off
}

extension StoreKind: ExpressibleByArgument {}
extension BalancerPolicy: ExpressibleByArgument {}
extension SQLiteStore.Durability: ExpressibleByArgument {}

/// Where the real stores are: `--redis`, `--db`, `--sqlite-durability`.
struct StoreLocationOptions: ParsableArguments {
    @Option(help: "The Redis server for store=redis: redis://HOST:PORT[/DB]. Default: a private redis-server.")
    var redis: String?
    @Option(help: "The SQLite file for store=sqlite. Default: a new temporary file.")
    var db: String?
    @Option(
        help: """
            SQLite durability for store=sqlite: durable (journal_mode=DELETE, synchronous=FULL) \
            or wal (WAL, synchronous=NORMAL).
            """)
    var sqliteDurability: SQLiteStore.Durability = .durable

    func validate() throws {
        if let redis {
            do { _ = try RedisURL(parsing: redis) } catch { throw ValidationError("--redis: \(error)") }
        }
    }

    /// A provider for the real stores these options name.
    func provider() -> StoreProvider {
        StoreProvider(options: StoreOptions(redisURL: redis, sqlitePath: db, sqliteDurability: sqliteDurability))
    }
}
