import Foundation
import Testing

/// The live cluster's time (live-mode.md, "Time"): dates count from the real time the
/// cluster was built, and sweeps run on the cluster's clock without traffic.
@Suite struct LiveTimeTests {
    /// The payload of a JWT, decoded.
    static func payload(ofToken token: String) -> String {
        var part = String(token.split(separator: ".")[1])
        part = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while part.count % 4 != 0 { part += "=" }
        return Data(base64Encoded: part).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    @Test func tokenDatesCountFromTheRealTimeAndTheRecordingKeepsThem() throws {
        let live = try LiveProcess(["--store", "jwt", "--timeout", "30m", "--record", "{tmp}/run.scn"])
        let before = Int64(Date().timeIntervalSince1970)
        let out = try live.run("browser alice", "alice login alice", "expect alice.status == 200")
        let token = try #require(
            out.split(separator: "\n").first { $0.contains("alice < Set-Cookie: token=") }?
                .split(separator: "token=").last?.prefix { $0 != ";" })
        let payload = Self.payload(ofToken: String(token))
        let iat = try #require(
            payload.split(separator: ",").first { $0.contains("\"iat\"") }?.split(separator: ":").last
                .flatMap { Int64($0.filter(\.isNumber)) })
        #expect(abs(iat - before) <= 5, "iat \(iat), now \(before): \(payload)")
        #expect(payload.contains("\"exp\":\(iat + 1800)"), "\(payload)")
        // The transcript shows the dates on the cluster's clock, not decades away.
        #expect(out.contains("exp 0:30:0"), "\(out)")
        try live.run("advance 31m", "alice get /me", "expect alice.status == 401")
        #expect(live.stop() == 0)
        let record = live.temporaryDirectory.appendingPathComponent("run.scn").path
        let text = try String(contentsOfFile: record, encoding: .utf8)
        let cluster = text.split(separator: "\n").first ?? ""
        #expect(cluster.contains(" epoch=20"), "\(cluster)")
        let check = try ShutdownAndRecordingTests.run(["check", record])
        #expect(check.status == 0, "\(check.output)\n\(text)")
    }

    @Test func anIdleClusterSweepsOnItsOwn() throws {
        let live = try LiveProcess(["--timeout", "2s", "--sweep", "1s", "--record", "{tmp}/run.scn"])
        try live.run("browser alice", "alice login alice", "expect server-1.sessions == 1")
        // No statement, no request: the timer alone runs the clock on and sweeps.
        try live.waitFor(timeout: 15) { out, _ in out.contains("sweep: server-1 removed 1 expired session") }
        try live.run("expect server-1.sessions == 0")
        #expect(!live.stdout.contains("✗"), "\(live.stdout)")
        #expect(live.stop() == 0)
        let record = live.temporaryDirectory.appendingPathComponent("run.scn").path
        let check = try ShutdownAndRecordingTests.run(["check", record])
        #expect(check.status == 0, "\(check.output)")
    }

    @Test func anOutsideClientsObservedJarHoldsWhatItSent() throws {
        let live = try LiveProcess(["--servers", "1"])
        let answer = try Curl.run(["-b", "theme=dark", "-d", "user=bob&password=secret", live.url + "/login"])
        #expect(answer.status == 200)
        // theme (sent) and SID (set); the same again with only the session cookie.
        let out = try live.run("expect client-1.cookies == 2")
        #expect(out.contains("✓"), "\(out)")
        let sid = try #require(answer.all("Set-Cookie").first { $0.hasPrefix("SID=") }?.prefix { $0 != ";" })
        #expect(try Curl.run(["-b", String(sid), live.url + "/me"]).status == 200)
        let again = try live.run("expect client-1.cookies == 1")
        #expect(again.contains("✓"), "\(again)")
        #expect(live.stop() == 0)
    }
}
