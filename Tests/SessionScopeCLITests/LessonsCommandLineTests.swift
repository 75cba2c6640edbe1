import Foundation
import Testing

/// The command line of scenario language 1.1's lessons: `cookies --explain` and the new
/// walkthroughs.

@Test func cookiesExplainSaysWhatWasStoredAndWhatWasWithheld() throws {
    let run = try Binary.run([
        "cookies", "--explain", "--from", "http://app.example/login", "--to", "/me", "--from-site", "evil.example",
        "--method", "POST", "--now", "2026-01-01T00:00:00Z",
        "SID=1; Path=/; HttpOnly; SameSite=Lax", "pref=dark; SameSite=None", "t=2; Secure", "plain=3",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
        run.stdout == """
            Set-Cookie: SID=1; Path=/; HttpOnly; SameSite=Lax
              stored: SID for app.example/ (session cookie, HttpOnly, SameSite=Lax)
            Set-Cookie: pref=dark; SameSite=None
              rejected: SameSiteNoneInsecure (SameSite=None without Secure)
            Set-Cookie: t=2; Secure
              rejected: SecureOnly (Secure cookie set over http)
            Set-Cookie: plain=3
              stored: plain for app.example/ (session cookie)
            withheld SID: SameSiteLax
            Cookie: plain=3

            """)
    // Without --explain the output is the plain Cookie line, as before; a link (GET) sends Lax.
    let link = try Binary.run([
        "cookies", "--from", "http://app.example/", "--from-site", "evil.example", "--now", "2026-01-01T00:00:00Z",
        "SID=1; SameSite=Lax", "s=2; SameSite=Strict",
    ])
    #expect(link.stdout == "Cookie: SID=1\n")
}

@Test func cookiesExplainRefusesABadSiteOrMethod() throws {
    for arguments in [["--from-site", "evil"], ["--from-site", "a..b"], ["--method", "PUT"]] {
        let run = try Binary.run(["cookies", "--explain", "--from", "http://a.example/"] + arguments + ["a=b"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("--"))
    }
}

@Test func aBadLessonStatementStopsTheWholeFile() throws {
    let file = try Binary.scenario(
        "cluster store=jwt\nbrowser alice\nalice login alice\nexpect alice.status == 500\nalice tamper role=admin\n")
    let run = try Binary.run(["check", file])
    #expect(run.status == 2)
    #expect(run.stderr.contains(":5:14: error: tamper changes sub, exp, iat, jti or alg=none, not 'role'"))
    // Nothing ran: the failing expectation on line 4 was never checked.
    #expect(!run.stdout.contains("expected"))
}

/// The walkthroughs of the lessons: each passes `check`, narrates in English and Korean, and
/// has chapters (`pause`).
@Test(
    arguments: [
        "21-lost-update", "22-bots-and-lazy-sessions", "23-csrf-and-samesite", "24-script-vs-wire",
        "25-forged-tokens", "26-token-denylist",
    ])
func lessonWalkthroughPassesCheck(_ name: String) throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let path = root.appendingPathComponent("Scenarios/\(name).scn").path
    let run = try Binary.run(["check", path])
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.hasSuffix(" passed, 0 failed\n"))
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let lines = text.split(separator: "\n")
    #expect(lines.filter { $0.hasPrefix("say en ") }.count == lines.filter { $0.hasPrefix("say ko ") }.count)
    #expect(lines.contains { $0.hasPrefix("say ko ") })
    #expect(lines.contains("pause"))
    #expect(lines.filter { $0.hasPrefix("expect ") }.count >= 3)
}
