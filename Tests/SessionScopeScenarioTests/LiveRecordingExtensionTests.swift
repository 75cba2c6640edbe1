import SessionScopeCore
import SessionScopeScenario
import Testing

/// The extensions that let a recording of a live run replay to the same outcome: the
/// `epoch` setting, requests pinned with `via=server-K`, and the observed jars of
/// outside clients (live-mode.md, "Recording" and "Clients become browsers").
@Suite struct LiveRecordingExtensionTests {
    /// Runs a scenario; returns the failed expectations' lines and the world at the end.
    func run(_ source: String) throws -> (failed: [String], world: World, steps: [Step]) {
        var run = try ScenarioRun(scenario: try Parser.parse(file: "x.scn", source: source))
        var failed: [String] = []
        var steps: [Step] = []
        try run.runToEnd { step in
            steps.append(step)
            if let check = step.check, !check.passed { failed.append("\(step.statement.text): got \(check.actual)") }
        }
        return (failed, run.world, steps)
    }

    @Test func epochMovesTheDatesOfCookiesAndTokens() throws {
        let (failed, world, steps) = try run(
            """
            cluster store=jwt timeout=30m epoch=2026-11-30T01:07:15Z
            browser alice
            alice login alice
            expect alice.status == 200
            advance 31m
            alice get /me
            expect alice.status == 401

            """)
        #expect(failed.isEmpty, "\(failed)")
        #expect(
            world.settings.epoch
                == CivilTime(year: 2026, month: 11, day: 30, hour: 1, minute: 7, second: 15).unixSeconds)
        #expect(world.unixSeconds == world.settings.epoch + 31 * 60)
        // The token's dates count from the epoch; the transcript shows them on the clock.
        let token = try #require(world.browser(named: "alice")?.jar.cookies.first { $0.name == "token" }?.value)
        let payload = TokenService.decode(token)?.payload ?? ""
        #expect(payload.contains("\"exp\":\(world.settings.epoch + 1800)"), "\(payload)")
        let lines = Transcript(scenario: try Parser.parse(file: "x.scn", source: "title t\n"))
            .lines(for: steps[2], file: "x.scn")
        #expect(lines.contains { $0.contains("exp 0:30:00") }, "\(lines)")
    }

    @Test func epochIsPrintedAndReadBack() throws {
        var settings = ClusterSettings()
        try settings.set("epoch", "2027-02-28T23:59:59Z")
        #expect(settings.epochText == "2027-02-28T23:59:59Z")
        #expect(settings.summary.hasSuffix("epoch=2027-02-28T23:59:59Z"))
        let text = StatementPrinter.text(.cluster(settings))
        let parsed = try Parser.parse(file: "x.scn", source: text + "\n")
        #expect(parsed.statements[0].kind == .command(.cluster(settings)))
        for bad in ["2027-02-29T00:00:00Z", "2027-02-28 23:59:59", "yesterday", "2027-02-28T24:00:00Z"] {
            #expect(throws: SettingError.self) { try settings.set("epoch", bad) }
        }
    }

    @Test func aPinnedRequestGoesToItsServerWhateverThePolicy() throws {
        let (failed, world, _) = try run(
            """
            cluster servers=3 balancer=ip-hash
            browser alice
            alice get / via=server-3
            expect alice.server == server-3
            alice login alice via=server-2
            expect alice.server == server-2
            expect alice.status == 200
            alice get /me
            alice get /me via=server-1
            expect alice.server == server-1
            expect alice.status == 401
            alice logout via=none
            expect alice.status == 503
            expect alice.server == none

            """)
        #expect(failed.isEmpty, "\(failed)")
        #expect(world.balancer.cursor == 0)
    }

    @Test func aPinnedStickyRequestGetsTheBalancerCookieAsHAProxySetsIt() throws {
        let (failed, world, _) = try run(
            """
            cluster servers=2 balancer=sticky-cookie
            browser alice
            alice get / via=server-2
            expect alice.server == server-2
            alice get /
            expect alice.server == server-2
            server-2 kill
            alice get / via=server-1

            """)
        #expect(failed.isEmpty, "\(failed)")
        #expect(
            world.browser(named: "alice")?.jar.cookies.contains { $0.name == "LB" && $0.value == "server-1" } == true)
    }

    @Test(arguments: [
        ("cluster servers=2\nbrowser a\na get / via=server-3\n", "x.scn:3:9: error: via= names a server"),
        ("cluster servers=2\nbrowser a\na get / via=server-x\n", "x.scn:3:9: error: via= names a server"),
        ("cluster servers=2\nbrowser a\na get / via=server-1 via=none\n", "x.scn:3:9: error: via= is given twice"),
    ])
    func aPinToAnUnknownServerIsAnError(source: String, expected: String) {
        do {
            _ = try Parser.parse(file: "x.scn", source: source)
            Issue.record("no error")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
    }

    @Test func aPostKeepsAFormFieldNamedVia() throws {
        let scenario = try Parser.parse(file: "x.scn", source: "browser a\na post /cart via=mail\n")
        #expect(
            scenario.statements[1].kind
                == .command(.request(browser: "a", method: .post, path: "/cart", form: [FormField("via", "mail")])))
        let pinned = try Parser.parse(file: "x.scn", source: "browser a\na send POST /login user=a via=server-2\n")
        #expect(
            pinned.statements[1].kind
                == .command(
                    .pinned(
                        .sendRecorded(
                            browser: "a", method: .post, path: "/login", cookie: nil, form: [FormField("user", "a")]),
                        server: 2)))
    }

    @Test func anOutsideClientsJarIsWhatItLastSentPlusWhatWasSetSince() throws {
        let (failed, world, _) = try run(
            """
            browser client-1 ip=127.0.0.1
            client-1 send GET / cookie="theme=dark; LB=server-2"
            expect client-1.cookies == 3
            client-1 send GET / cookie="theme=light"
            expect client-1.cookies == 2
            browser alice
            alice send GET / cookie="theme=dark"
            expect alice.cookies == 1

            """)
        #expect(failed.isEmpty, "\(failed)")
        let names = world.browser(named: "client-1")?.jar.cookies.map { "\($0.name)=\($0.value)" }.sorted() ?? []
        #expect(
            names.count == 2 && names.contains("theme=light") && names.contains { $0.hasPrefix("SID=") }, "\(names)")
        #expect(World.isOutsideClient("client-12") && World.isOutsideClient("anonymous"))
        #expect(
            !World.isOutsideClient("client-") && !World.isOutsideClient("clients-1") && !World.isOutsideClient("alice"))
    }
}
