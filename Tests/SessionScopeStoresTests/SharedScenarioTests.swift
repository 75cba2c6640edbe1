import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores
import Testing

/// Scenarios written for a shared store, run against a real SQLite file and a real Redis.
@Test("shared-store scenario on sqlite", arguments: StoreFixtures.names(in: StoreFixtures.sharedDirectory))
func sharedScenarioOnSQLite(_ name: String) throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    let (passed, failures) = try StoreFixtures.run(StoreFixtures.sharedDirectory.appendingPathComponent(name), store: "sqlite", provider: provider)
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    #expect(passed > 0)
}

@Test("shared-store scenario on redis", .enabled(if: redisAvailable), arguments: StoreFixtures.names(in: StoreFixtures.sharedDirectory))
func sharedScenarioOnRedis(_ name: String) throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    let (passed, failures) = try StoreFixtures.run(StoreFixtures.sharedDirectory.appendingPathComponent(name), store: "redis", provider: provider)
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    #expect(passed > 0)
}

/// The project's scenario suite where it makes sense for a shared store: the scenarios whose
/// expectations do not depend on sessions living in one server's memory.
let storeIndependentScenarios = [
    "fixation-off.scn", "fixation-on.scn", "stolen-cookie.scn", "remember-me.scn", "absolute-expiry.scn",
    "routes.scn", "all-down.scn", "random.scn", "ip-hash.scn",
]

@Test("suite scenario on both real stores", .enabled(if: redisAvailable), arguments: storeIndependentScenarios)
func suiteScenarioOnRealStores(_ name: String) throws {
    for store in ["sqlite", "redis"] {
        let provider = StoreProvider()
        defer { provider.shutdown() }
        let (passed, failures) = try StoreFixtures.run(StoreFixtures.scenarioDirectory.appendingPathComponent(name), store: store, provider: provider)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(passed > 0)
    }
}
