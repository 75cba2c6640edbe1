import Foundation
import Testing

/// The 1.1 statements over real sockets (live-mode.md, "Statements in live mode"):
/// `from=SITE` sends the headers of a navigation from another site's page, bots send real
/// requests and keep nothing, `steal` and `tamper` act on the jars the browsers send from.
@Suite struct LiveStatementTests {
    @Test func aCrossSiteFormSendsTheBrowsersHeadersAndNoLaxCookie() throws {
        let live = try LiveProcess(["--servers", "1"])
        try live.run("cluster servers=1 samesite=lax", "browser alice", "alice login alice")
        let get = try live.run("alice get /me from=evil.example", "expect alice.status == 200")
        #expect(get.contains("✓"), "a Lax cookie goes with a cross-site link: \(get)")
        #expect(get.contains("Sec-Fetch-Site: cross-site, Referer: https://evil.example/"), "\(get)")
        #expect(!get.contains("Origin: https://evil.example"), "a GET navigation sends no Origin: \(get)")
        let post = try live.run("alice post /cart item=book from=evil.example", "expect alice.status == 401")
        #expect(post.contains("✓"), "the Lax cookie stays home on a cross-site POST: \(post)")
        #expect(
            post.contains(
                "server-1 received the request with Sec-Fetch-Site: cross-site, Origin: https://evil.example, "
                    + "Referer: https://evil.example/"),
            "\(post)")
        // A real browser's cross-site navigation shows the same way.
        _ = try Curl.run([
            "-H", "Sec-Fetch-Site: cross-site", "-H", "Origin: https://evil.example", "-d", "item=x",
            live.url + "/cart",
        ])
        try live.waitFor { out, _ in
            out.contains("send POST /cart") && out.components(separatedBy: "Sec-Fetch-Site").count > 3
        }
        #expect(live.stop() == 0)
    }

    @Test func botsSendRealRequestsAndKeepNothing() throws {
        let live = try LiveProcess(["--servers", "1", "--record", "{tmp}/run.scn"])
        let out = try live.run(
            "crowd 3 bots=on requests=2", "expect server-1.sessions == 6", "expect guest-3.cookies == 0",
            "crowd 1", "expect guest-4.open == true", "expect server-1.sessions == 7")
        #expect(!out.contains("✗") && out.contains("✓"), "\(out)")
        #expect(out.contains("guest-1 … guest-3") || out.contains("guest-1"), "\(out)")
        #expect(live.stop() == 0)
        let record = live.temporaryDirectory.appendingPathComponent("run.scn").path
        let check = try ShutdownAndRecordingTests.run(["check", record])
        #expect(check.status == 0, "\(check.output)")
    }

    @Test func stealAndTamperActOnTheJarsTheBrowsersSendFrom() throws {
        let live = try LiveProcess(["--servers", "1"])
        let out = try live.run(
            "browser alice", "alice login alice", "browser mallory", "mallory steal alice", "mallory get /me",
            "expect mallory.user == alice", "cluster servers=1 store=jwt", "browser bob", "bob login bob",
            "bob tamper sub=alice", "bob get /me", "expect bob.status == 401")
        #expect(!out.contains("✗") && out.contains("✓"), "\(out)")
        #expect(out.contains("signature does not match"), "\(out)")
        #expect(live.stop() == 0)
    }

    @Test func togetherSendsAtOnceAndAppliesTheGroupInTheLanguagesOrder() throws {
        let live = try LiveProcess(["--servers", "1"])
        try live.run("browser alice", "alice login alice", "alice post /cart item=book", "browser bob", "bob login bob")
        let out = try live.run(
            "together alice post /cart item=pen | alice post /prefs theme=dark | bob get /me",
            "expect alice.data.cart == book", "expect alice.data.theme == dark", "expect bob.status == 200")
        #expect(!out.contains("✗") && out.contains("✓"), "the lost update, for real: \(out)")
        // Three real connections, each from its browser's own address and port.
        let sent = out.split(separator: "\n").filter { $0.contains(" > POST /") || $0.contains(" > GET /me") }
        #expect(sent.filter { $0.contains("alice 127.0.0.2:") }.count == 2, "\(sent)")
        #expect(sent.filter { $0.contains("bob 127.0.0.3:") }.count == 1, "\(sent)")
        // The group's order: both requests sent and routed before either answer reached a jar.
        let lines = out.split(separator: "\n").map(String.init)
        let lastSent = lines.lastIndex { $0.contains(" > ") } ?? 0
        let firstAnswer = lines.firstIndex { $0.contains(" < HTTP/1.1") } ?? 0
        #expect(lastSent < firstAnswer, "\(out)")
        #expect(live.stop() == 0)
    }
}
