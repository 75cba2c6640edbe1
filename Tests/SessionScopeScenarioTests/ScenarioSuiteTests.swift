import Foundation
import SessionScopeCore
import SessionScopeScenario
import Testing

/// The project's scenario suite: every sentence of "What the application does" in
/// docs/scenario-language.md has a scenario in Fixtures/scenarios with expectations that prove it.
enum ScenarioFixtures {
    static var directory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/scenarios")
    }

    static func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".scn") }.sorted()
    }

    static func load(_ name: String) throws -> Scenario {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try Parser.parse(file: name, bytes: Array(data))
    }

    /// Runs a scenario and returns (passed, failures as messages).
    static func run(
        _ scenario: Scenario, overrides: [(String, String)] = [],
        storeFactory: @escaping StoreFactory = inMemoryStore
    ) throws -> (Int, [String]) {
        var run = try ScenarioRun(scenario: scenario, overrides: overrides, storeFactory: storeFactory)
        var passed = 0
        var failures: [String] = []
        try run.runToEnd { step in
            guard let check = step.check, case .expect(let e) = step.statement.kind else { return }
            if check.passed {
                passed += 1
            } else {
                failures.append(
                    "\(scenario.file):\(step.statement.location.line): expected \(e.source), got \(check.actual)")
            }
        }
        return (passed, failures)
    }
}

@Test func theSuiteCoversEverySentenceOfTheContract() {
    let names = Set(ScenarioFixtures.names())
    for needed in [
        "round-robin.scn", "sticky-cookie.scn", "ip-hash.scn", "least-sessions.scn", "random.scn",
        "replication.scn", "browser-close.scn", "remember-me.scn", "idle-expiry.scn",
        "absolute-expiry.scn", "sweep-orphans.scn", "fixation-off.scn", "fixation-on.scn",
        "stolen-cookie.scn", "logout.scn", "routes.scn", "jwt.scn", "all-down.scn",
        "cluster-rebuild.scn", "crowd.scn",
    ] {
        #expect(names.contains(needed), "missing scenario \(needed)")
    }
}

@Test("scenario passes", arguments: ScenarioFixtures.names())
func scenarioPasses(_ name: String) throws {
    let scenario = try ScenarioFixtures.load(name)
    let (passed, failures) = try ScenarioFixtures.run(scenario)
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    #expect(passed > 0, "a scenario without expectations proves nothing")
}

@Test func aWrongExpectationFails() throws {
    let scenario = try Parser.parse(
        file: "wrong.scn",
        source: """
            browser alice
            alice get /me
            expect alice.status == 200
            """)
    let (passed, failures) = try ScenarioFixtures.run(scenario)
    #expect(passed == 0)
    #expect(failures == ["wrong.scn:3: expected alice.status == 200, got 401"])
}

@Test func sameFileSameSeedGivesAByteIdenticalTranscript() throws {
    func transcript() throws -> String {
        var text = ""
        for name in ScenarioFixtures.names() {
            let scenario = try ScenarioFixtures.load(name)
            let writer = Transcript(scenario: scenario)
            let json = JSONLines(scenario: scenario)
            var run = try ScenarioRun(scenario: scenario)
            try run.runToEnd { step in
                text += (writer.lines(for: step, file: name) + json.lines(for: step)).joined(separator: "\n") + "\n"
            }
        }
        return text
    }
    let first = try transcript()
    #expect(first == (try transcript()))
    #expect(first.contains("Set-Cookie: SID="))
}

@Test func aDifferentSeedGivesDifferentIds() throws {
    func sid(seed: Int) throws -> String {
        let scenario = try Parser.parse(file: "s.scn", source: "cluster seed=\(seed)\nbrowser a\na get /\n")
        var run = try ScenarioRun(scenario: scenario)
        try run.runToEnd { _ in }
        return run.world.value(of: .browser("a", .sid)).description
    }
    #expect(try sid(seed: 1) == (try sid(seed: 1)))
    #expect(try sid(seed: 1) != (try sid(seed: 2)))
}

@Test func narrationFallsBackToEnglish() throws {
    let scenario = try Parser.parse(
        file: "n.scn",
        source: """
            say en "Hello"
            say ko "안녕하세요"
            pause
            say en "Only English"
            say "Always"
            """)
    #expect(NarrationFilter.visible(scenario.statements, language: "ko") == [1, 3, 4])
    #expect(NarrationFilter.visible(scenario.statements, language: "en") == [0, 3, 4])
}
