import Foundation
import Testing

@Test func checkCountsExpectationsAndExitsZero() throws {
    let file = try Binary.scenario(
        """
        browser alice
        alice login alice
        expect alice.status == 200
        expect alice.user == alice
        """)
    let run = try Binary.run(["check", file])
    #expect(run.status == 0)
    #expect(run.stdout == "2 passed, 0 failed\n")
}

@Test func checkReportsFailuresAndExitsOne() throws {
    let file = try Binary.scenario(
        """
        browser alice
        alice get /me
        expect alice.status == 200
        expect alice.status == 401
        """)
    let run = try Binary.run(["check", file])
    #expect(run.status == 1)
    #expect(run.stdout == "\(file):3: expected alice.status == 200, got 401\n1 passed, 1 failed\n")
}

@Test func aParseErrorExitsTwoAndNothingOfTheFileRuns() throws {
    let file = try Binary.scenario(
        """
        browser alice
        alice get /
        expect alice.status == 200
        advance 5 minutes
        """)
    let check = try Binary.run(["check", file])
    #expect(check.status == 2)
    #expect(check.stdout == "")
    #expect(
        check.stderr
            == "\(file):4:9: error: bad duration '5' (use <integer><unit> groups with units ms s m h d, e.g. 30m or "
            + "1h30m)\n"
    )
    let replay = try Binary.run(["replay", file, "--headless"])
    #expect(replay.status == 2)
    #expect(replay.stdout == "")
}

@Test func aMissingFileIsAClearError() throws {
    let run = try Binary.run(["check", "/nonexistent/x.scn"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("/nonexistent/x.scn:1:1: error: no such file"))
}

@Test func usageErrorsExitTwo() throws {
    #expect(try Binary.run(["check"]).status == 2)
    #expect(try Binary.run(["replay", "x.scn", "--format", "xml"]).status == 2)
    #expect(try Binary.run(["check", "--store", "floppy", "x.scn"]).status == 2)
}

@Test func benchRefusesAGroupItDoesNotHave() throws {
    let run = try Binary.run(["bench", "--only", "sim,speed"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("--only: no group 'speed'"))
    #expect(run.stdout.isEmpty, "nothing is measured")
}

@Test func replayHeadlessPrintsTheWireAndTransitions() throws {
    let file = try Binary.scenario(
        """
        title "First visit"
        browser alice
        alice get /
        say en "Alice got a session cookie."
        say ko "앨리스가 세션 쿠키를 받았습니다."
        expect alice.cookies == 1
        """)
    let run = try Binary.run(["replay", file, "--headless"])
    #expect(run.status == 0)
    let lines = run.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == "=== First visit ===")
    #expect(lines.contains("  alice > GET / HTTP/1.1"))
    #expect(lines.contains { $0.hasPrefix("  alice < Set-Cookie: SID=") && $0.hasSuffix("; Path=/; HttpOnly") })
    #expect(lines.contains("  alice < HTTP/1.1 200 OK"))
    #expect(lines.contains { $0.contains("server-1: new session") })
    #expect(lines.contains("  » Alice got a session cookie."))
    #expect(!run.stdout.contains("앨리스"))
    let korean = try Binary.run(["replay", file, "--headless", "--lang", "ko"])
    #expect(korean.stdout.contains("  » 앨리스가 세션 쿠키를 받았습니다."))
}

@Test func jsonLinesAreOneObjectPerLine() throws {
    let file = try Binary.scenario("browser alice\nalice get /\nexpect alice.status == 200\n")
    let run = try Binary.run(["replay", file, "--headless", "--format", "jsonl"])
    #expect(run.status == 0)
    let objects = try run.stdout.split(separator: "\n").map {
        try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
    }
    #expect(objects.contains { $0["event"] as? String == "sessionCreated" && $0["at"] as? String == "server-1" })
    #expect(objects.contains { $0["event"] as? String == "expectation" && $0["passed"] as? Bool == true })
    #expect(objects.allSatisfy { $0["line"] is Int && $0["clock_ms"] is Int })
}

@Test func cookiesCommandFollowsRFC6265() throws {
    let base = ["cookies", "--from", "http://home.example.org:8888/cookie-parser?x", "--now", "2011-01-01T00:00:00Z"]
    let sent = try Binary.run(
        base + [
            "--to", "http://home.example.org:8888/cookie-parser-result?x",
            "a=b; path=/", "x=y; path=/cookie-parser-result", "gone=1; Max-Age=0",
        ])
    #expect(sent.status == 0)
    #expect(sent.stdout == "Cookie: x=y; a=b\n")
    let none = try Binary.run(base + ["foo"])
    #expect(none.status == 0)
    #expect(none.stdout == "")
    let httpDate = try Binary.run([
        "cookies", "--from", "http://a.example/", "--now", "Sat, 01 Jan 2011 00:00:00 GMT",
        "old=1; Expires=Fri, 31 Dec 2010 23:59:59 GMT", "new=2; Expires=Sat, 01 Jan 2011 00:00:01 GMT",
    ])
    #expect(httpDate.stdout == "Cookie: new=2\n")
    let bad = try Binary.run(["cookies", "--from", "ftp://x/"])
    #expect(bad.status == 2)
}

@Test func withoutRedisServerItSaysWhatToInstall() throws {
    let file = try Binary.scenario("browser alice\nalice get /\n")
    let run = try Binary.run(["check", file, "--store", "redis"], environment: ["PATH": "/nonexistent"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("redis-server is not installed; install it with `sudo apt-get install redis-server`"))
}

@Test func realStoresShowMeasuredLatencyBesideTheirOperations() throws {
    let file = try Binary.scenario(
        "cluster store=sqlite\nbrowser alice\nalice login alice\nalice get /me\nexpect alice.status == 200\n")
    let run = try Binary.run(["replay", file, "--headless"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("(sqlite INSERT "))
    #expect(run.stdout.contains("(sqlite SELECT "))
    #expect(run.stdout.contains("(sqlite UPDATE "))
    let quiet = try Binary.run(["replay", file, "--headless", "--no-latency"])
    #expect(!quiet.stdout.contains("(sqlite "))
}

@Test func listShowsTheBundledWalkthroughs() throws {
    let run = try Binary.run(["list"])
    #expect(run.status == 0)
    let lines = run.stdout.split(separator: "\n")
    #expect(lines.count >= 19)
    #expect(lines.contains { $0.hasPrefix("16-jwt") && $0.contains("JWT") })
}

@Test func replayFindsABundledWalkthroughByName() throws {
    for name in ["jwt", "16-jwt", "16-jwt.scn"] {
        let run = try Binary.run(["replay", name, "--headless"])
        #expect(run.status == 0, "\(name): \(run.stderr)")
        #expect(run.stdout.hasPrefix("=== JWT"))
    }
    let missing = try Binary.run(["replay", "no-such-walkthrough", "--headless"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("sessionscope list"))
}

@Test func markdownHandoutHasChaptersNarrationAndState() throws {
    let run = try Binary.run(["replay", "04-browser-close", "--export", "md", "--lang", "ko"])
    #expect(run.status == 0)
    #expect(run.stdout.hasPrefix("# Closing the browser leaves an orphan session\n"))
    #expect(run.stdout.contains("## 2장"))
    #expect(run.stdout.contains("앨리스가 브라우저를 닫습니다."))
    // The tables' words are Korean too.
    #expect(run.stdout.contains("| 서버 | 동작 중 | 세션 | 메모리 |"))
    #expect(run.stdout.contains("| server-1 | 동작 중 | 2 |"))
    #expect(run.stdout.contains("| 브라우저 | 열림 | 쿠키 | 마지막 응답 | 사용자 |"))
    #expect(run.stdout.contains("```text\n[0:00:00]"))
    let english = try Binary.run(["replay", "04-browser-close", "--export", "md"])
    #expect(english.stdout.contains("## Chapter 2"))
    #expect(english.stdout.contains("| server-1 | up | 2 |"))
}

@Test func asciicastIsValidWithChapterMarkers() throws {
    let run = try Binary.run(["replay", "04-browser-close", "--export", "cast"])
    #expect(run.status == 0)
    let lines = run.stdout.split(separator: "\n").map(String.init)
    let header = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
    #expect(header["version"] as? Int == 2)
    let events = try lines.dropFirst().map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [Any] }
    let markers = events.filter { $0[1] as? String == "m" }
    #expect(markers.count == 4)
    let times = events.map { $0[0] as! Double }
    #expect(times == times.sorted())
    #expect(events.contains { ($0[2] as? String)?.contains("Browsers (1)") == true })
}

@Test func compareLinesUpOutcomesPerStore() throws {
    let run = try Binary.run(["compare", "09-round-robin", "--store", "local,replicated,sqlite,jwt"])
    #expect(run.status == 0, "\(run.stderr)")
    let lines = run.stdout.split(separator: "\n").map(String.init)
    #expect(lines[0].contains("local") && lines[0].contains("jwt"))
    let me = try #require(lines.first { $0.contains("alice get /me") })
    #expect(me.contains("401 - s2"))
    #expect(me.components(separatedBy: "200 alice s2").count - 1 == 3)
}
