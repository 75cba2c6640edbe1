import Foundation
import SessionScopeCore
import SessionScopeScenario
import Testing

/// Faults found in the scenario layer, each with the test that failed before its fix.

@Test func aByteOrderMarkIsNotPartOfTheFirstStatement() throws {
    let scenario = try Parser.parse(
        file: "bom.scn", bytes: [0xEF, 0xBB, 0xBF] + Array("browser alice\nalice get /\n".utf8))
    #expect(scenario.statements.map(\.text) == ["browser alice", "alice get /"])
    #expect(scenario.statements[0].location == SourceLocation(line: 1, column: 1))
    // Only at the very start: elsewhere it is an ordinary (unknown) character.
    #expect(throws: Diagnostic.self) {
        try Parser.parse(file: "bom.scn", bytes: Array("browser alice\n\u{FEFF}alice get /\n".utf8))
    }
}

@Test func noJSONLineCarriesAKeyTwice() throws {
    // Every fixture (they raise nearly every kind of event) and an advance, which once
    // carried `clock_ms` both as the line's clock and as the event's new time.
    var scenarios = try ScenarioFixtures.names().map(ScenarioFixtures.load)
    scenarios.append(try Parser.parse(file: "advance.scn", source: "browser a\na get /\nadvance 5m\n"))
    var checked: Set<String> = []
    for scenario in scenarios {
        var run = try ScenarioRun(scenario: scenario)
        let lines = JSONLines(scenario: scenario)
        try run.runToEnd { step in
            for line in lines.lines(for: step) {
                let keys = try! topLevelKeys(line)
                #expect(Set(keys).count == keys.count, "\(scenario.file): a key twice in \(line)")
                checked.insert(keys.count > 1 ? (try! eventName(line)) : "")
            }
        }
    }
    #expect(checked.contains("clockAdvanced"))
    #expect(checked.contains("sessionCreated"))
}

/// The keys of a JSON object line, in order, duplicates kept (JSONSerialization drops them).
func topLevelKeys(_ line: String) throws -> [String] {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    var keys: [String] = []
    var depth = 0
    var inString = false
    var escaped = false
    var current = ""
    var expectingKey = false
    for scalar in line.unicodeScalars {
        if inString {
            if escaped {
                escaped = false
                current.unicodeScalars.append(scalar)
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "\"" {
                inString = false
                if expectingKey && depth == 1 { keys.append(current) }
                expectingKey = false
            } else {
                current.unicodeScalars.append(scalar)
            }
            continue
        }
        switch scalar {
        case "\"":
            inString = true
            current = ""
        case "{", "[":
            depth += 1
            expectingKey = scalar == "{" && depth == 1
        case "}", "]": depth -= 1
        case ",": expectingKey = depth == 1
        default: break
        }
    }
    #expect(Set(keys) == Set(object.keys))
    return keys
}

func eventName(_ line: String) throws -> String {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    return object["event"] as? String ?? ""
}

@Test func generatedScenariosNeverHoldAStatementTheParserRejects() throws {
    // Once `alice steal alice` came out when alice was the only browser yet.
    var steals = 0
    for store in StoreKind.allCases {
        for seed in UInt64(1)...UInt64(120) {
            let generated = ScenarioGenerator(seed: seed, store: store, length: 30)
            do {
                let scenario = try Parser.parse(file: "generated-\(store)-\(seed).scn", source: generated.source)
                steals +=
                    scenario.statements.filter {
                        if case .command(.steal) = $0.kind { return true }
                        return false
                    }.count
            } catch {
                Issue.record("seed \(seed), store \(store): \(error)")
            }
        }
    }
    #expect(steals > 0, "no steal was generated, so the fault was not exercised")
}

@Test func aServerHasOneSpelling() throws {
    #expect(ServerName.number("server-3") == 3)
    #expect(ServerName.number("server-16") == 16)
    #expect(ServerName.number("server-0") == 0)
    for wrong in [
        "server-03", "server-+3", "server--3", "server-", "server-3a", "server-٣", "Server-3",
        "server-99999999999999999999",
    ] {
        #expect(ServerName.number(wrong) == nil, "\(wrong)")
    }
    // The scenario language reads it the same way: server-03 is not a server.
    #expect(throws: Diagnostic.self) { try Parser.parse(file: "s.scn", source: "server-03 kill\n") }
}

@Test func theParserShapeFollowsForcedServers() throws {
    // `--servers 3` forced onto a scenario's `cluster servers=2`: server-3 exists.
    var parser = Parser(file: "command", overrides: [("servers", "3")])
    let lexer = Lexer(file: "command")
    for line in ["cluster servers=2", "server-3 kill"] {
        let (tokens, text) = try lexer.tokenize(line, line: 1)
        _ = try parser.statement(tokens, text: text)
    }
    #expect(parser.shape.servers == 3)
}

@Test func aReplayStartsOnTheScenariosOwnCluster() throws {
    let scenario = try Parser.parse(file: "c.scn", source: "title \"t\"\ncluster servers=3 store=jwt\nbrowser a\n")
    let timeline = try Timeline(file: scenario.file, statements: scenario.statements)
    #expect(timeline.position == 0)
    #expect(timeline.world.servers.count == 3)
    #expect(timeline.world.settings.store == .jwt)
    // Not when something comes before the cluster: that ran on the default one.
    let late = try Parser.parse(file: "d.scn", source: "browser a\ncluster servers=3\n")
    #expect(try Timeline(file: late.file, statements: late.statements).world.servers.count == 2)
}

@Test func durationsThatWouldOverflowTheClockAreRefused() throws {
    for line in ["cluster timeout=9223372036854775807ms", "cluster remember=36501d", "advance 36501d"] {
        #expect(throws: Diagnostic.self, "\(line)") { try Parser.parse(file: "d.scn", source: line + "\n") }
    }
    _ = try Parser.parse(file: "d.scn", source: "cluster timeout=36500d\nadvance 1h\n")
}
