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
    let (passed, failures) = try StoreFixtures.run(
        StoreFixtures.sharedDirectory.appendingPathComponent(name), store: "sqlite", provider: provider)
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    #expect(passed > 0)
}

@Test(
    "shared-store scenario on redis", .enabled(if: redisAvailable),
    arguments: StoreFixtures.names(in: StoreFixtures.sharedDirectory))
func sharedScenarioOnRedis(_ name: String) throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    let (passed, failures) = try StoreFixtures.run(
        StoreFixtures.sharedDirectory.appendingPathComponent(name), store: "redis", provider: provider)
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
        let (passed, failures) = try StoreFixtures.run(
            StoreFixtures.scenarioDirectory.appendingPathComponent(name), store: store, provider: provider)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(passed > 0)
    }
}

/// The model-based check for real shared stores: after any successful /me in a random
/// scenario, every live server recognises the browser.
@Test(
    "every live server recognises a logged-in browser (real stores)", .enabled(if: redisAvailable),
    arguments: [StoreKind.sqlite, .redis], Array(UInt64(1)...UInt64(3)))
func everyLiveServerRecognisesALoggedInBrowserOnRealStores(store: StoreKind, seed: UInt64) throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    let generated = ScenarioGenerator(seed: seed, store: store, balancer: .roundRobin, length: 80)
    let scenario = try Parser.parse(file: "shared-\(seed).scn", source: generated.source)
    var run = try ScenarioRun(scenario: scenario, storeFactory: provider.make)
    var recognised = 0
    while let step = try run.step() {
        guard case .command(.request(let name, .get, "/me", _)) = step.statement.kind,
            run.world.browser(named: name)?.last?.status == 200
        else { continue }
        recognised += 1
        #expect(
            run.world.servers.allSatisfy { $0.table.count == 0 },
            "seed \(seed): a server holds sessions with store=\(store)")
        // The world holds a real store and cannot be copied: ask each live server in turn
        // on the world itself (round robin), which only touches the session.
        let live = run.world.servers.filter(\.isUp).count
        var world = run.world
        for _ in 0..<live {
            _ = try world.apply(.request(browser: name, method: .get, path: "/me", form: []))
            #expect(
                world.browser(named: name)?.last?.status == 200,
                "seed \(seed), \(store): \(name) not recognised after line \(step.statement.location.line)")
        }
    }
    #expect(recognised > 0, "seed \(seed), \(store): no /me answered 200, so nothing was checked")
}
