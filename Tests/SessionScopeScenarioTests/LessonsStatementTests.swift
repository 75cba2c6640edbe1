import SessionScopeCore
import SessionScopeScenario
import Testing

/// The version 1.1 statements of "The failures engineers really meet": their bad forms, what
/// they parse to, and the reasons the transcript gives.

/// The transcript lines of a scenario (without the statement headers), and its failed checks.
func transcript(_ source: String) throws -> (lines: [String], failed: [String]) {
    let scenario = try Parser.parse(file: "lesson.scn", source: source)
    var run = try ScenarioRun(scenario: scenario)
    let transcript = Transcript(scenario: scenario, showLatency: false)
    var lines: [String] = []
    var failed: [String] = []
    try run.runToEnd { step in
        lines += transcript.lines(for: step, file: "lesson.scn")
        if let check = step.check, !check.passed { failed.append(step.statement.text + " got \(check.actual)") }
    }
    return (lines, failed)
}

@Test(
    arguments: [
        ("browser a\na tamper\n", "bad.scn:2:3: error: tamper needs CLAIM=VALUE or alg=none"),
        ("browser a\na tamper sub\n", "bad.scn:2:10: error: tamper needs CLAIM=VALUE or alg=none"),
        ("browser a\na tamper role=admin\n", "bad.scn:2:10: error: tamper changes sub, exp, iat, jti or alg=none"),
        ("browser a\na tamper alg=HS512\n", "bad.scn:2:10: error: tamper can set alg only to none"),
        ("browser a\na tamper exp=soon\n", "bad.scn:2:10: error: exp is Unix seconds or +DURATION"),
        ("browser a\na tamper exp=+\n", "bad.scn:2:10: error: exp is Unix seconds or +DURATION"),
        ("browser a\na tamper sub=\n", "bad.scn:2:10: error: tamper needs a value"),
        ("browser a\na tamper sub=b extra\n", "bad.scn:2:16: error: unexpected 'extra'"),
        ("b tamper sub=x\n", "bad.scn:1:1: error: unknown browser 'b'"),
        ("browser a\na get /me from=\n", "bad.scn:2:11: error: from needs a site such as evil.example"),
        ("browser a\na get /me from=evil\n", "bad.scn:2:11: error: from needs a site such as evil.example"),
        ("browser a\na get /me from=a..b\n", "bad.scn:2:11: error: from needs a site"),
        ("browser a\na get /me to=x.y\n", "bad.scn:2:11: error: unexpected 'to=x.y'"),
        ("browser a\na get /me from=x.y z\n", "bad.scn:2:20: error: unexpected 'z'"),
        ("browser a\na post /x from=a.b from=c.d\n", "bad.scn:2:20: error: from=SITE is given twice"),
        ("browser a\na post /x from=evil_site\n", "bad.scn:2:11: error: from needs a site"),
        (
            "browser a\nbrowser b\na steal b via=air\n",
            "bad.scn:3:11: error: steal takes via=copy, via=script or via=network"
        ),
        ("browser a\nbrowser b\na steal b script\n", "bad.scn:3:11: error: steal takes via=copy"),
        ("browser a\nbrowser b\na steal b via=copy x\n", "bad.scn:3:20: error: unexpected 'x'"),
        ("crowd 5 bots=on login=on\n", "bad.scn:1:9: error: bots=on cannot go with login=on"),
        ("crowd 5 login=on bots=on\n", "bad.scn:1:18: error: bots=on cannot go with login=on"),
        ("crowd 5 requests=3\n", "bad.scn:1:9: error: requests=K needs bots=on"),
        ("crowd 5 bots=on requests=0\n", "bad.scn:1:17: error: requests is a number from 1 to 1000"),
        ("crowd 5 bots=on requests=many\n", "bad.scn:1:17: error: requests is a number from 1 to 1000"),
        ("crowd 5 bots=yes\n", "bad.scn:1:9: error: crowd takes login=on|off, bots=on|off and requests=K"),
        ("cluster https=yes\n", "bad.scn:1:9: error: https is 'on' or 'off', not 'yes'"),
        ("cluster secure=1\n", "bad.scn:1:9: error: secure is 'on' or 'off', not '1'"),
        ("cluster samesite=Lax\n", "bad.scn:1:9: error: samesite is one of off, lax, strict, none, not 'Lax'"),
        ("cluster create=never\n", "bad.scn:1:9: error: create is one of always, login, not 'never'"),
        ("cluster revocation=on\n", "bad.scn:1:9: error: revocation is one of off, denylist, not 'on'"),
        ("cluster save=partial\n", "bad.scn:1:9: error: save is one of whole, delta, not 'partial'"),
        ("cluster lock=yes\n", "bad.scn:1:9: error: lock is 'on' or 'off', not 'yes'"),
        ("browser a\ntogether a get /\n", "bad.scn:2:16: error: together needs two or more requests"),
        ("browser a\ntogether\n", "bad.scn:2:1: error: together needs two or more requests"),
        ("browser a\ntogether | a get /\n", "bad.scn:2:10: error: a request is missing before '|'"),
        ("browser a\ntogether a get / |\n", "bad.scn:2:18: error: a request is missing after '|'"),
        ("browser a\ntogether a get / | | a get /\n", "bad.scn:2:20: error: a request is missing before '|'"),
        (
            "browser a\ntogether a get / | a close\n",
            "bad.scn:2:20: error: together takes get, post, login, logout or send"
        ),
        ("browser a\ntogether a get / | advance 1m\n", "bad.scn:2:20: error: together takes get, post"),
        ("browser a\ntogether a get / | b get /\n", "bad.scn:2:20: error: unknown browser 'b'"),
        ("browser a\ntogether a get / | a get me\n", "bad.scn:2:26: error: a path starts with '/'"),
        ("browser a\na close\ntogether a get / | a get /\n", "bad.scn:3:10: error: browser 'a' is closed"),
        ("browser a\nexpect a.data.basket == none\n", "bad.scn:2:8: error: unknown reference 'a.data.basket'"),
        ("browser a\nexpect a.data.cart > 3\n", "bad.scn:2:20: error: > compares numbers or durations"),
        ("expect z.data.cart == none\n", "bad.scn:1:8: error: unknown browser 'z'"),
    ])
func lessonStatementsReportBadInput(source: String, expected: String) {
    let message = diagnostic(source)
    #expect(message?.hasPrefix(expected) == true, "\(message ?? "no error")")
}

@Test func nothingOfAFileWithABadLessonStatementRuns() {
    // The error is on the last line; the statements before it are not applied either.
    #expect(diagnostic("cluster servers=1\nbrowser a\na login alice\na tamper alg=rsa\n") != nil)
}

@Test func lessonStatementsParseToTheirCommands() throws {
    let scenario = try Parser.parse(
        file: "ok.scn",
        source: """
            cluster https=on secure=on samesite=strict create=login revocation=denylist
            browser a
            browser b
            a get /me from=Evil.Example
            a post /logout x=1 from=evil.example
            b steal a via=network
            b steal a
            a tamper sub=bob
            a tamper exp=+1d
            a tamper alg=none
            crowd 3 bots=on requests=2
            crowd 2 bots=on

            """)
    let kinds = scenario.statements.map(\.kind)
    guard case .command(.cluster(let settings)) = kinds[0] else { return #expect(Bool(false)) }
    #expect(settings.https && settings.secure)
    #expect(settings.sameSite == .strict && settings.create == .login && settings.revocation == .denylist)
    #expect(
        kinds[3] == .command(.crossSiteRequest(browser: "a", method: .get, path: "/me", form: [], site: "evil.example"))
    )
    #expect(
        kinds[4]
            == .command(
                .crossSiteRequest(
                    browser: "a", method: .post, path: "/logout", form: [FormField("x", "1")], site: "evil.example")))
    #expect(kinds[5] == .command(.steal(thief: "b", victim: "a", via: .network)))
    #expect(kinds[6] == .command(.steal(thief: "b", victim: "a", via: .copy)))
    #expect(kinds[7] == .command(.tamper(browser: "a", change: .claim(name: "sub", value: "bob"))))
    #expect(kinds[8] == .command(.tamper(browser: "a", change: .claim(name: "exp", value: "+1d"))))
    #expect(kinds[9] == .command(.tamper(browser: "a", change: .algNone)))
    #expect(kinds[10] == .command(.crowdBots(count: 3, requests: 2)))
    #expect(kinds[11] == .command(.crowdBots(count: 2, requests: 1)))
    // The printer writes them back as they were written (the site lower-cased).
    #expect(StatementPrinter.text(kinds[3]) == "a get /me from=evil.example")
    #expect(StatementPrinter.text(kinds[10]) == "crowd 3 bots=on requests=2")
    #expect(
        StatementPrinter.text(kinds[0])
            == "cluster servers=2 balancer=round-robin store=local timeout=30m https=on secure=on samesite=strict "
            + "create=login revocation=denylist")
}

@Test func aForgedTokenIsRefusedWithItsReason() throws {
    let (lines, failed) = try transcript(
        """
        cluster store=jwt servers=1
        browser alice
        alice login alice
        alice tamper sub=bob
        alice get /me
        expect alice.status == 401
        alice login alice
        alice tamper alg=none
        alice get /me
        expect alice.status == 401
        browser carol
        carol tamper sub=alice

        """)
    #expect(failed.isEmpty, "\(failed)")
    #expect(lines.contains("  alice edited its token: sub=bob, without the server's key (signature not redone)"))
    #expect(lines.contains("  token rejected: signature does not match"))
    #expect(lines.contains("  alice edited its token: alg=none, without the server's key (signature not redone)"))
    #expect(lines.contains("  token rejected: alg none is not accepted"))
    #expect(lines.contains("  carol holds no token to tamper with"))
}

@Test func theDenylistIsServerStateAgain() throws {
    let (lines, failed) = try transcript(
        """
        cluster store=jwt servers=3 revocation=denylist
        browser alice
        browser mallory
        alice login alice
        mallory steal alice
        server-3 kill
        alice logout
        mallory get /me
        expect mallory.status == 401
        server-3 start
        mallory get /me
        expect mallory.status == 401
        mallory get /me
        expect mallory.status == 401
        expect server-3.up == true

        """)
    #expect(failed.isEmpty, "\(failed)")
    #expect(
        lines.contains {
            $0.hasPrefix("  server-2: token jti ")
                && $0.hasSuffix(
                    " put on the denylist, copied to server-1 (server state again: every server must hold the list)")
        })
    #expect(
        lines.contains {
            $0.hasPrefix("  token rejected: jti ") && $0.hasSuffix(" is on this server's denylist (revoked at logout)")
        })
    #expect(lines.contains("  server-3 copied the denylist (1 token) from server-1"))
}

@Test func everyRejectedOrWithheldCookieHasChromesReason() throws {
    let (lines, failed) = try transcript(
        """
        cluster servers=1 secure=on
        browser alice
        alice login alice
        expect alice.cookies == 0
        cluster servers=1 samesite=none
        browser alice
        alice login alice
        cluster servers=1 https=on secure=on samesite=strict
        browser alice
        alice login alice
        alice get /me from=evil.example
        cluster servers=1 samesite=lax
        browser alice
        browser mallory
        alice login alice
        alice post /logout from=evil.example
        alice login alice
        mallory steal alice via=script
        expect mallory.cookies == 0

        """)
    #expect(failed.isEmpty, "\(failed)")
    for reason in [
        "ignored Set-Cookie \"SID=", "\": SecureOnly: Secure cookie set over http",
        "\": SameSiteNoneInsecure: SameSite=None without Secure",
        "alice's jar: SID not sent (SameSiteStrict: SameSite=Strict, request from another site)",
        "alice's jar: SID not sent (SameSiteLax: SameSite=Lax, cross-site request that is not a GET)",
        "alice's jar: SID not readable by a script (HttpOnly)",
        "mallory's script on the site's page reads alice's document.cookie (HttpOnly cookies hidden)",
    ] {
        #expect(lines.contains { $0.contains(reason) }, "no line with \(reason)")
    }
}

@Test func theWireShowsEverythingOverHTTPAndNothingOverHTTPS() throws {
    let (lines, failed) = try transcript(
        """
        cluster servers=1
        browser alice
        browser mallory
        alice login alice
        mallory steal alice via=network
        expect mallory.user == none
        mallory get /me
        expect mallory.user == alice
        cluster servers=1 https=on secure=on
        browser alice
        browser mallory
        alice login alice
        mallory steal alice via=network
        expect mallory.cookies == 0

        """)
    #expect(failed.isEmpty, "\(failed)")
    #expect(
        lines.contains("  mallory reads alice's requests on the wire: plain http, every Cookie header in the clear"))
    #expect(lines.contains("  mallory reads alice's requests on the wire: https, so only ciphertext; nothing to copy"))
}

@Test func theWireCarriesOnlyWhatTheJarWouldSend() throws {
    // A cookie for another path is in the jar but not on the wire to "/"; `copy` takes it.
    var world = try World(
        settings: {
            var s = ClusterSettings()
            s.servers = 1
            return s
        }())
    _ = try world.apply(.openBrowser(name: "alice", ip: nil))
    _ = try world.apply(.openBrowser(name: "mallory", ip: nil))
    _ = try world.apply(.openBrowser(name: "eve", ip: nil))
    _ = try world.apply(.login(browser: "alice", user: "alice", password: nil, remember: false))
    _ = world.browser(named: "alice")
    // A cookie only for /admin, added as the server could have set it.
    var events: [Event] = []
    world.deliver(
        HTTPResponse(status: 200, setCookies: ["pref=1; Path=/admin"]), to: "alice", path: "/", server: 1, user: nil,
        into: &events)
    _ = try world.apply(.steal(thief: "mallory", victim: "alice", via: .network))
    _ = try world.apply(.steal(thief: "eve", victim: "alice", via: .copy))
    #expect(world.browser(named: "mallory")?.jar.cookies.map(\.name) == ["SID"])
    #expect(world.browser(named: "eve")?.jar.cookies.map(\.name) == ["SID", "pref"])
}

@Test func createLoginMakesNoSessionWithoutASuccessfulLogin() throws {
    let (lines, failed) = try transcript(
        """
        cluster servers=1 create=login
        browser alice
        alice get /
        expect alice.cookies == 0
        expect server-1.sessions == 0
        alice login alice password=wrong
        expect server-1.sessions == 0
        alice login alice
        expect server-1.sessions == 1
        crowd 5 bots=on requests=4
        expect server-1.sessions == 1

        """)
    #expect(failed.isEmpty, "\(failed)")
    #expect(lines.contains("  server-1: no session created (create=login: only a successful login makes one)"))
    #expect(
        lines.contains(
            "  guest-1 … guest-5: bots without a cookie jar sent GET / 4 times each (5 bots); sessions: none created"))
}

@Test func botsFillTheStoreUnderCreateAlways() throws {
    let (lines, failed) = try transcript(
        """
        cluster servers=2
        crowd 5 bots=on requests=4
        expect server-1.sessions == 10
        expect server-2.sessions == 10
        crowd 1 bots=on
        expect server-1.sessions == 11

        """)
    #expect(failed.isEmpty, "\(failed)")
    #expect(
        lines.contains(
            "  guest-1 … guest-5: bots without a cookie jar sent GET / 4 times each (5 bots); sessions: server-1 +10, "
                + "server-2 +10"))
    #expect(lines.contains { $0.contains("guest-6 … guest-6: bots without a cookie jar sent GET / 1 time each") })
}

@Test func togetherAndSessionDataParse() throws {
    let scenario = try Parser.parse(
        file: "ok.scn",
        source: """
            cluster save=delta lock=on
            browser a
            browser b
            together a post /cart item=x | b login bob | a logout | b send GET /me | a get / from=e.example
            expect a.data.cart == "x,y"
            expect a.data.theme != b.data.theme

            """)
    guard case .command(.together(let parts)) = scenario.statements[3].kind else { return #expect(Bool(false)) }
    #expect(parts.count == 5)
    #expect(parts[0] == .request(browser: "a", method: .post, path: "/cart", form: [FormField("item", "x")]))
    #expect(parts[1] == .login(browser: "b", user: "bob", password: nil, remember: false))
    #expect(parts[2] == .logout(browser: "a"))
    #expect(parts[3] == .sendRecorded(browser: "b", method: .get, path: "/me", cookie: nil, form: []))
    #expect(parts[4] == .crossSiteRequest(browser: "a", method: .get, path: "/", form: [], site: "e.example"))
    #expect(
        StatementPrinter.text(scenario.statements[3].kind)
            == "together a post /cart item=x | b login bob | a logout | b send GET /me | a get / from=e.example")
    guard case .expect(let e) = scenario.statements[4].kind else { return #expect(Bool(false)) }
    #expect(e.reference == .data("a", .cart))
    #expect(e.value == .literal(.word("x,y")))
}

@Test func withoutALockTheLastSaveWinsAndTheWaitIsShownWithOne() throws {
    let (lines, failed) = try transcript(
        """
        cluster servers=1
        browser alice
        alice login alice
        together alice post /cart item=book | alice post /prefs theme=dark
        expect alice.data.cart == none
        expect alice.data.theme == dark
        cluster servers=1 lock=on
        browser alice
        alice login alice
        together alice post /cart item=book | alice post /prefs theme=dark
        expect alice.data.cart == book
        expect alice.data.theme == dark

        """)
    #expect(failed.isEmpty, "\(failed)")
    #expect(lines.contains("  together: alice, alice send at the same time"))
    #expect(lines.contains { $0.hasSuffix(" saved whole (save=whole: it replaces what was stored)") })
    #expect(
        lines.contains {
            $0.hasPrefix("  alice waits: session ")
                && $0.hasSuffix(" is locked by alice's request (lock=on); it loads the session once that one has saved")
        })
}

@Test func aDeltaSaveSaysWhatItWroteAndNeverRevives() throws {
    let (lines, failed) = try transcript(
        """
        cluster servers=1 save=delta
        browser alice
        alice login alice
        together alice post /cart item=book | alice post /prefs theme=dark
        expect alice.data.cart == book
        together alice logout | alice post /cart item=late
        expect server-1.sessions == 0

        """)
    #expect(failed.isEmpty, "\(failed)")
    #expect(lines.contains { $0.hasSuffix(" saved: cart and its access time (save=delta)") })
    #expect(lines.contains { $0.hasSuffix(" saved: theme and its access time (save=delta)") })
    #expect(lines.contains { $0.hasSuffix(" is gone; the delta save writes nothing (no session brought back)") })
}

@Test func aFileWithoutTheAdditionsHasTheSameTranscriptAsBefore() throws {
    // The session cookie and the logout cookie carry no new attribute under the defaults,
    // and no event of 1.1 appears.
    let (lines, _) = try transcript(
        """
        browser alice
        alice login alice
        alice get /me
        alice logout

        """)
    #expect(lines.contains { $0.hasPrefix("  alice < Set-Cookie: SID=") && $0.hasSuffix("; Path=/; HttpOnly") })
    #expect(lines.contains("  alice < Set-Cookie: SID=; Path=/; HttpOnly; Max-Age=0"))
    #expect(!lines.contains { $0.contains("saved") || $0.contains("together") || $0.contains("SameSite") })
}
