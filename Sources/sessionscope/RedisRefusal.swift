import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores

/// `--redis URL` names a Redis sessionscope did not start: a scenario that would reconfigure
/// it (`persistence`, `maxmemory`, `eviction`) or restart it (`store restart`) is refused
/// before any of it runs (1.1), at the line that asks.
enum RedisRefusal {
    static func first(in scenario: Scenario, overrides: [(String, String)], redisURL: String?) -> Diagnostic? {
        guard let redisURL else { return nil }
        var settings = ClusterSettings()
        for (key, value) in overrides { try? settings.set(key, value) }
        for statement in scenario.statements {
            guard case .command(let command) = statement.kind else { continue }
            if case .cluster(var written) = command {
                for (key, value) in overrides { try? written.set(key, value) }
                settings = written
                guard settings.store == .redis, let refusal = StoreProvider.refusal(settings, redisURL: redisURL)
                else { continue }
                return Diagnostic(file: scenario.file, location: statement.location, message: refusal.message)
            }
            if command == .storeRestart, settings.store == .redis {
                return Diagnostic(
                    file: scenario.file, location: statement.location,
                    message:
                        "store restart: --redis names a Redis that sessionscope did not start; it is not ours to "
                        + "restart (leave out --redis: a private redis-server is started)")
            }
        }
        return nil
    }
}
