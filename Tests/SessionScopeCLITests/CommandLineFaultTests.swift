import Foundation
import Testing

/// Faults of the command line, each with the test that failed before its fix.

@Test func aFractionOfMoreThanThreeDigitsIsReadNotFatal() throws {
    for now in ["2011-01-01T00:00:00.1234Z", "2011-01-01T00:00:00.123456789012345678901234567890Z"] {
        let run = try Binary.run(["cookies", "--from", "http://a.example/", "--now", now, "a=b"])
        #expect(run.status == 0, "\(now): \(run.stderr)")
        #expect(run.stdout == "Cookie: a=b\n")
    }
    // Sub-millisecond digits are dropped, not rounded into the next millisecond.
    let edge = try Binary.run([
        "cookies", "--from", "http://a.example/", "--now", "2011-01-01T00:00:00.9999Z",
        "a=b; Expires=Sat, 01 Jan 2011 00:00:01 GMT",
    ])
    #expect(edge.stdout == "Cookie: a=b\n")
}

@Test func aJSONLineHasOneClock() throws {
    let file = try Binary.scenario("browser alice\nalice get /\nadvance 5m\n")
    let run = try Binary.run(["replay", file, "--headless", "--format", "jsonl"])
    #expect(run.status == 0)
    let lines = run.stdout.split(separator: "\n")
    let advanced = try #require(lines.first { $0.contains("\"event\":\"clockAdvanced\"") })
    #expect(advanced.contains("\"to_ms\":300000"))
    for line in lines {
        #expect(line.components(separatedBy: "\"clock_ms\":").count == 2, "\(line)")
    }
}

@Test func anUnknownSubcommandListsTheSubcommands() throws {
    let run = try Binary.run(["relpay", "x.scn"])
    #expect(run.status == 2)
    #expect(run.stdout.isEmpty)
    #expect(
        run.stderr
            == "sessionscope: unknown subcommand 'relpay'; the subcommands are ui, replay, check, compare, list, "
            + "cookies, bench, live, attach (see sessionscope --help)\n"
    )
}

@Test func aLanguageWithoutNarrationSaysSoAndWhichThereAre() throws {
    let run = try Binary.run(["replay", "16", "--headless", "--lang", "xx"])
    #expect(run.status == 0)
    #expect(
        run.stderr
            == "sessionscope: warning: there is no 'xx' narration: Scenarios/16-jwt.scn has narration in en, ko; "
            + "showing English where there is a choice\n"
    )
    #expect(run.stdout.contains("  » "), "English narration is shown")
    let korean = try Binary.run(["replay", "16", "--headless", "--lang", "ko"])
    #expect(korean.stderr.isEmpty)
    let notACode = try Binary.run(["replay", "16", "--headless", "--lang", "english"])
    #expect(notACode.status == 2)
    #expect(notACode.stderr.contains("--lang: 'english' is not a two-letter language code such as en or ko"))
    #expect(try Binary.run(["ui", "--lang", ""]).status == 2)
}

@Test func replayFindsAWalkthroughByNumberOrAUniquePartOfItsName() throws {
    for (name, title) in [("16", "=== JWT"), ("sticky", "=== Sticky sessions"), ("STOLEN", "=== A stolen")] {
        let run = try Binary.run(["replay", name, "--headless"])
        #expect(run.status == 0, "\(name): \(run.stderr)")
        #expect(run.stdout.hasPrefix(title), "\(name): \(run.stdout.prefix(60))")
    }
    let ambiguous = try Binary.run(["replay", "cookie", "--headless"])
    #expect(ambiguous.status == 2)
    #expect(
        ambiguous.stderr
            == "cookie:1:1: error: 'cookie' matches several bundled walkthroughs: 10-sticky-cookie, "
            + "18-stolen-cookie; give more of the name\n"
    )
    #expect(ambiguous.stdout.isEmpty)
}

@Test func aDirectoryGivenAsAFileSaysItIsADirectory() throws {
    let directory = URL(fileURLWithPath: try Binary.scenario("browser a\n")).deletingLastPathComponent().path
    for arguments in [["check", directory], ["replay", directory, "--headless"]] {
        let run = try Binary.run(arguments)
        #expect(run.status == 2)
        #expect(
            run.stderr == "\(directory):1:1: error: is a directory, not a scenario file (give the *.scn files in it)\n")
    }
}

/// The exact `sessionscope --help` (at 100 columns), against Golden/help.txt. Rewrite it with
/// SESSIONSCOPE_UPDATE_GOLDEN=1 and read the diff.
@Test func theHelpShowsTheUIsOptionsWithTheirValues() throws {
    let run = try Binary.run(["--help"], environment: ["COLUMNS": "100"])
    #expect(run.status == 0)
    let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/help.txt")
    if ProcessInfo.processInfo.environment["SESSIONSCOPE_UPDATE_GOLDEN"] == "1" {
        try Data(run.stdout.utf8).write(to: golden)
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    #expect(run.stdout == expected, "sessionscope --help differs:\n\(run.stdout)")
    #expect(
        run.stdout.contains(
            "--store <store>         Where sessions live. (values: local, replicated, sqlite, redis, jwt)"))
    #expect(run.stdout.contains("sticky-cookie, least-sessions"))
    #expect(try Binary.run(["-h"], environment: ["COLUMNS": "100"]).stdout == expected)
}
