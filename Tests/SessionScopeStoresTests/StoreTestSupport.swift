import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores
import Testing

/// Redis tests run where redis-server is installed, and always in CI (`CI=true`), where a
/// missing redis-server must fail the run rather than skip it.
let redisAvailable =
    ProcessInfo.processInfo.environment["CI"] == "true"
    || FileManager.default.isExecutableFile(atPath: "/usr/bin/redis-server")

enum StoreFixtures {
    static var sharedDirectory: URL { Bundle.module.resourceURL!.appendingPathComponent("Fixtures/shared") }

    /// The scenario suite of the scenario tests, in the source tree.
    static var scenarioDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SessionScopeScenarioTests/Fixtures/scenarios")
    }

    static func names(in directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".scn") }
            .sorted()
    }

    /// Runs a scenario with the store forced to `store`; returns (passed, failures).
    static func run(_ url: URL, store: String, provider: StoreProvider) throws -> (Int, [String]) {
        let scenario = try Parser.parse(file: url.lastPathComponent, bytes: Array(Data(contentsOf: url)))
        var run = try ScenarioRun(scenario: scenario, overrides: [("store", store)], storeFactory: provider.make)
        var passed = 0
        var failures: [String] = []
        try run.runToEnd { step in
            guard let check = step.check, case .expect(let e) = step.statement.kind else { return }
            if check.passed {
                passed += 1
            } else {
                failures.append(
                    "\(scenario.file):\(step.statement.location.line) [\(store)]: expected \(e.source), got "
                        + "\(check.actual)"
                )
            }
        }
        return (passed, failures)
    }
}

/// The default cluster's expiry rules, for stores made by hand.
let testRules = ClusterSettings().expiryRules
