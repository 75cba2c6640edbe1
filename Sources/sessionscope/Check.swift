import ArgumentParser
import Foundation
import SessionScopeCore
import SessionScopeScenario

/// `sessionscope check FILE...`: runs scenarios headless and checks every `expect`.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run scenarios headless and check every expect.",
        discussion: """
            Prints `FILE:LINE: expected REF OP VALUE, got ACTUAL` for each failed expectation and, \
            last, `N passed, N failed`. Exit 0 when all pass, 1 when one fails, 2 on a usage or parse error.
            """)

    @Argument(help: "Scenario files (*.scn).")
    var files: [String]
    @OptionGroup var cluster: ClusterOptions
    @Flag(help: "Run each scenario against a live cluster: real HTTP listeners on loopback ports.")
    var live = false
    @Option(help: "With --live: the balancer, builtin, nginx or haproxy (a real process in front).")
    var engine = "builtin"

    mutating func run() throws {
        // Parse everything first: a file with an error runs not at all.
        var scenarios: [Scenario] = []
        var diagnostics: [Diagnostic] = []
        for file in files {
            do { scenarios.append(try ScenarioFiles.load(file, overrides: cluster.overrides)) } catch {
                diagnostics.append(error)
            }
        }
        for scenario in scenarios {
            let refusal = RedisRefusal.first(
                in: scenario, overrides: cluster.overrides, redisURL: cluster.stores.redis)
            if let refusal { diagnostics.append(refusal) }
        }
        guard diagnostics.isEmpty else {
            for diagnostic in diagnostics { printError(diagnostic.description) }
            throw ExitCode(2)
        }
        if engine != "builtin" && !live {
            printError("sessionscope check: --engine needs --live (the simulation has its own balancer)")
            throw ExitCode(2)
        }
        if live { return try runLive(scenarios) }
        var passed = 0
        var failed = 0
        let stores = cluster.storeProvider()
        defer { stores.shutdown() }
        for scenario in scenarios {
            do {
                var run = try ScenarioRun(scenario: scenario, overrides: cluster.overrides, storeFactory: stores.make)
                try run.runToEnd { step in
                    guard let check = step.check, case .expect(let expectation) = step.statement.kind else { return }
                    if check.passed {
                        passed += 1
                    } else {
                        failed += 1
                        print(
                            "\(scenario.file):\(step.statement.location.line): expected \(expectation.source), got "
                                + "\(check.actual)"
                        )
                    }
                }
            } catch {
                printError(error.description)
                throw ExitCode(2)
            }
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}
