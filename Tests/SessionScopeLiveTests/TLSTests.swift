import Foundation
import Testing

/// `--tls CERT KEY` (live-mode.md, "Command"): the balancer over HTTPS, which `https=on`
/// and `secure=on` need in live mode.
@Suite struct TLSTests {
    /// A self-signed certificate and key made by openssl in `directory`.
    static func certificate(in directory: URL) throws -> (certificate: String, key: String) {
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
            "-out", certificate, "-days", "1", "-subj", "/CN=test", "-addext", "subjectAltName=IP:127.0.0.1",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "openssl (Debian openssl) made no certificate")
        return (certificate, key)
    }

    static func tlsArguments() throws -> (URL, [String]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tls-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let (certificate, key) = try certificate(in: directory)
        return (directory, ["--tls", certificate, key])
    }

    @Test func httpsWithSecureCookiesForCurlAndTheBuiltInBrowsers() throws {
        let (directory, tls) = try Self.tlsArguments()
        defer { try? FileManager.default.removeItem(at: directory) }
        let live = try LiveProcess(tls + ["--servers", "1"])
        #expect(live.url.hasPrefix("https://127.0.0.1:"), "\(live.url)")
        let setUp = try live.run(
            "cluster servers=1 https=on secure=on samesite=lax", "browser alice", "alice login alice")
        #expect(!setUp.contains("✗"), "\(setUp)")
        // The built-in browser went over TLS and kept its Secure cookie (https=on).
        let kept = try live.run(
            "expect alice.status == 200", "expect alice.cookies == 1", "alice get /me",
            "expect alice.user == alice")
        #expect(!kept.contains("✗") && kept.contains("✓"), "\(kept)")
        let jar = live.temporaryDirectory.appendingPathComponent("jar.txt").path
        let login = try Curl.run([
            "--insecure", "-c", jar, "-b", jar, "-d", "user=bob&password=secret", live.url + "/login",
        ])
        #expect(login.status == 200)
        #expect(login.all("Set-Cookie").contains { $0.hasPrefix("SID=") && $0.contains("Secure") }, "\(login.headers)")
        let me = try Curl.run(["--insecure", "-c", jar, "-b", jar, live.url + "/me"])
        #expect(me.status == 200 && me.body.contains("\"user\":\"bob\""), "\(me.body)")
        // Plain http to the HTTPS port gets no answer, and the cluster goes on.
        #expect((try? Curl.run([live.url.replacingOccurrences(of: "https:", with: "http:") + "/"])) == nil)
        #expect(try Curl.run(["--insecure", live.url + "/"]).status == 200)
        #expect(live.stop() == 0)
    }

    @Test func selfSignedMakesItsOwnCertificateAndLeavesNoFile() throws {
        let live = try LiveProcess(["--tls", "self-signed"])
        #expect(try Curl.run(["--insecure", live.url + "/"]).status == 200)
        let left = try FileManager.default.contentsOfDirectory(atPath: live.temporaryDirectory.path)
            .filter { $0.hasPrefix("sessionscope-") }
        #expect(left.isEmpty, "left behind: \(left)")
        #expect(live.stop() == 0)
    }

    @Test func httpsAndSecureAreRefusedWithoutTLS() throws {
        let live = try LiveProcess([])
        for setting in ["https=on", "secure=on"] {
            live.input.fileHandleForWriting.write(Data("cluster servers=3 \(setting)\n".utf8))
            try live.waitFor { _, err in err.contains("\(setting) needs --tls CERT KEY in live mode") }
        }
        // Nothing changed: still two servers, plain http.
        let out = try live.run("expect server-2.up == true")
        #expect(out.contains("✓"), "\(out)")
        #expect(try Curl.run([live.url + "/"]).status == 200)
        #expect(live.stop() == 0)
    }

    @Test func aBadCertificateIsAUsageError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tls-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bogus = directory.appendingPathComponent("bogus.pem").path
        try Data("not a certificate\n".utf8).write(to: URL(fileURLWithPath: bogus))
        for arguments in [[bogus, bogus], [directory.appendingPathComponent("missing.pem").path, bogus], ["one"]] {
            let run = try ShutdownAndRecordingTests.run(
                ["live", "--headless", "--listen", "127.0.0.1:0", "--tls"] + arguments)
            #expect(run.status == 2, "\(arguments): \(run.output)")
            #expect(run.output.contains("--tls"), "\(run.output)")
        }
    }

    @Test(arguments: ["nginx", "haproxy"])
    func enginesServeHTTPSToo(engine: String) throws {
        let (directory, tls) = try Self.tlsArguments()
        defer { try? FileManager.default.removeItem(at: directory) }
        let live = try LiveProcess(tls + ["--engine", engine])
        let out = try live.run("cluster https=on", "browser alice", "alice login alice", "expect alice.status == 200")
        #expect(out.contains("✓"), "\(out)")
        let answer = try Curl.run(["--insecure", live.url + "/"])
        #expect(answer.status == 200)
        #expect(answer.header("X-Served-By")?.hasPrefix("server-") == true, "\(answer.headers)")
        #expect(live.stop() == 0)
    }

    @Test func printConfigShowsTheEnginesTLS() throws {
        let nginx = try EngineTests.sessionscope(["live", "--engine", "nginx", "--print-config", "--tls", "a", "b"])
        #expect(nginx.status == 0)
        #expect(nginx.out.contains(" ssl;") && nginx.out.contains("ssl_certificate "), "\(nginx.out)")
        let haproxy = try EngineTests.sessionscope(["live", "--engine", "haproxy", "--print-config", "--tls", "a", "b"])
        #expect(haproxy.out.contains(" ssl crt "), "\(haproxy.out)")
    }
}
