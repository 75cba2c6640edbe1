import ArgumentParser
import Foundation
import SessionScopeCore
import SessionScopeLive
import SessionScopeScenario

/// `sessionscope check --live FILE...`: each scenario against a live cluster (built-in
/// browsers over real HTTP), with the output and exit codes of `check`.
extension Check {
    func runLive(_ scenarios: [Scenario]) throws {
        guard let engine = LiveEngine(rawValue: engine) else {
            printError("sessionscope check: --engine: builtin, nginx or haproxy, not '\(self.engine)'")
            throw ExitCode(2)
        }
        var passed = 0
        var failed = 0
        let stores = cluster.storeProvider()
        defer { stores.shutdown() }
        for scenario in scenarios {
            var options = LiveCluster.Options()
            options.port = 0
            // Real time does not count: the clock moves only by `advance`.
            options.realTime = false
            options.settings = cluster.settings
            options.announcesServers = false
            options.recording = false
            options.engine = engine
            // https=on and secure=on need TLS live: the cluster's own self-signed certificate.
            if Self.needsTLS(scenario, overrides: cluster.settings) {
                do { options.tls = try LiveTLS.selfSigned() } catch {
                    printError("\(scenario.file): \(error)")
                    throw ExitCode(2)
                }
            }
            let live: LiveCluster
            do {
                live = try LiveCluster.start(
                    options: options, storeFactory: stores.make, warnings: { printError($0) }, observer: { _ in })
            } catch {
                printError("\(scenario.file): \(error)")
                throw ExitCode(2)
            }
            if engine != .builtin { printError("\(scenario.file): \(engine.rawValue) in front of the servers") }
            defer { live.shutdown() }
            printError("\(scenario.file): live at \(live.url)")
            for statement in scenario.statements {
                var statement = statement
                if case .command(.cluster(var settings)) = statement.kind {
                    for (key, value) in cluster.overrides { try? settings.set(key, value) }
                    statement.kind = .command(.cluster(settings))
                }
                let step: LiveStep
                do { step = try live.run(statement, line: statement.location.line) } catch {
                    printError("\(scenario.file):\(statement.location.line): error: \(error)")
                    throw ExitCode(2)
                }
                guard let check = step.check, let expectation = step.expectation else { continue }
                if check.passed {
                    passed += 1
                } else {
                    failed += 1
                    print(
                        "\(scenario.file):\(statement.location.line): expected \(expectation.source), got "
                            + "\(check.actual)"
                    )
                }
            }
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }

    /// Whether a cluster of the scenario (with the command line's settings) has `https=on`
    /// or `secure=on`.
    static func needsTLS(_ scenario: Scenario, overrides settings: ClusterSettings) -> Bool {
        if settings.https || settings.secure { return true }
        return scenario.statements.contains { statement in
            guard case .command(.cluster(let cluster)) = statement.kind else { return false }
            return cluster.https || cluster.secure
        }
    }
}
