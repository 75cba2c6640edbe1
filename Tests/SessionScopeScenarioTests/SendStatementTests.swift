import SessionScopeCore
import SessionScopeScenario
import Testing

/// `NAME send METHOD PATH [cookie="..."] [k=v ...]` (scenario language 1.1).
@Test func sendParsesTheCookieHeaderAndTheForm() throws {
    let scenario = try Parser.parse(
        file: "send.scn",
        source: """
            browser client-1 ip=127.0.0.1
            client-1 send POST /login cookie="SID=abc; LB=server-2" user=alice "password=two words"
            client-1 send GET /me

            """)
    #expect(
        scenario.statements[1].kind
            == .command(
                .sendRecorded(
                    browser: "client-1", method: .post, path: "/login", cookie: "SID=abc; LB=server-2",
                    form: [FormField("user", "alice"), FormField("password", "two words")])))
    #expect(
        scenario.statements[2].kind
            == .command(.sendRecorded(browser: "client-1", method: .get, path: "/me", cookie: nil, form: [])))
}

@Test(
    arguments: [
        ("client-1 send GET /me\n", "bad.scn:1:1: error: unknown browser 'client-1'"),
        ("browser a\na send PUT /me\n", "bad.scn:2:8: error: send takes the method GET or POST, not 'PUT'"),
        ("browser a\na send GET me\n", "bad.scn:2:12: error: a path starts with '/'"),
        ("browser a\na send GET\n", "bad.scn:2:8: error: send needs a method and a path"),
        ("browser a\na send GET /me junk\n", "bad.scn:2:16: error: send takes cookie=\"...\" and form fields"),
        ("browser a\na close\na send GET /\n", "bad.scn:3:1: error: browser 'a' is closed"),
    ])
func sendReportsBadInput(source: String, expected: String) {
    let message = diagnostic(source)
    #expect(message?.hasPrefix(expected) == true, "\(message ?? "no error")")
}

/// A recorded request replays: the answer's cookie reaches the jar, and `expect` sees it.
@Test func sendRunsInTheSimulation() throws {
    let scenario = try Parser.parse(
        file: "send.scn",
        source: """
            browser client-1
            client-1 send POST /login user=alice password=secret
            expect client-1.status == 200
            expect client-1.cookies == 1
            client-1 send GET /me cookie="SID=00000000000000000000000000000000"
            expect client-1.status == 401

            """)
    var run = try ScenarioRun(scenario: scenario)
    var failed: [String] = []
    try run.runToEnd { step in
        if let check = step.check, !check.passed { failed.append(step.statement.text) }
    }
    #expect(failed.isEmpty)
}
