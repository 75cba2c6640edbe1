import Foundation
import Testing

/// The way out (no child process, no temporary file, exit 0) and the recording that the
/// simulation replays.
@Suite struct ShutdownAndRecordingTests {
    /// The process's children, from /proc.
    static func children(of pid: Int32) -> [Int32] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        var result: [Int32] = []
        for task in tasks {
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? ""
            result += text.split(separator: " ").compactMap { Int32($0) }
        }
        return result
    }

    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        // A zombie has exited already.
        return !stat.contains(") Z ")
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func signalsLeaveNoProcessAndNoTemporaryFile(signal: Int32) throws {
        let live = try LiveProcess(["--store", "redis"])
        let jar = live.temporaryDirectory.appendingPathComponent("jar.txt").path
        let login = try Curl.run(["-c", jar, "-d", "user=alice&password=secret", live.url + "/login"])
        #expect(login.status == 200)
        let children = Self.children(of: live.process.processIdentifier)
        #expect(!children.isEmpty, "a private redis-server runs")
        #expect(live.stop(signal: signal) == 0)
        for child in children {
            var gone = false
            for _ in 0..<50 where !gone {
                gone = !Self.isAlive(child)
                if !gone { usleep(100_000) }
            }
            #expect(gone, "child \(child) outlived sessionscope")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: live.temporaryDirectory.path)
            .filter { $0.hasPrefix("sessionscope-") }
        #expect(left.isEmpty, "left behind: \(left)")
    }

    @Test func endOfInputWithExitOnEOF() throws {
        let live = try LiveProcess(["--store", "sqlite", "--exit-on-eof"])
        try live.run("browser alice", "alice login alice", "expect alice.status == 200")
        live.closeInput()
        live.process.waitUntilExit()
        #expect(live.process.terminationStatus == 0)
        let left = try FileManager.default.contentsOfDirectory(atPath: live.temporaryDirectory.path)
            .filter { $0.hasPrefix("sessionscope-") }
        #expect(left.isEmpty, "left behind: \(left)")
    }

    @Test func aFailedExpectExitsOne() throws {
        let live = try LiveProcess(["--exit-on-eof"])
        try live.run("browser alice", "alice get /me", "expect alice.status == 200")
        live.closeInput()
        live.process.waitUntilExit()
        #expect(live.process.terminationStatus == 1)
    }

    @Test func aRecordingWithAnOutsideClientReplaysWithCheck() throws {
        let live = try LiveProcess([
            "--servers", "2", "--balancer", "sticky-cookie", "--store", "replicated", "--record", "{tmp}/run.scn",
        ])
        let record = live.temporaryDirectory.appendingPathComponent("run.scn").path
        let jar = live.temporaryDirectory.appendingPathComponent("jar.txt").path
        try live.run("browser alice", "alice login alice")
        #expect(try Curl.run(["-b", jar, "-c", jar, live.url + "/"]).status == 200)
        #expect(
            try Curl.run(["-b", jar, "-c", jar, "-d", "user=bob&password=secret", live.url + "/login"]).status == 200)
        try live.run("server-1 kill", "advance 5m")
        #expect(try Curl.run(["-b", jar, "-c", jar, live.url + "/me"]).status == 200)
        // Someone with alice's cookie is a new client.
        let aliceSID = try #require(
            live.stdout.split(separator: "\n").first { $0.contains("alice < Set-Cookie: SID=") }?
                .split(separator: "SID=").last?.prefix(32))
        #expect(try Curl.run(["-b", "SID=\(aliceSID)", live.url + "/me"]).status == 200)
        #expect(live.stdout.contains("client-2 carries alice's cookie"))
        // The same value again: the same client, not a new one each time.
        #expect(try Curl.run(["-b", "SID=\(aliceSID)", live.url + "/me"]).status == 200)
        try live.run("expect client-2.status == 200")
        #expect(!live.stdout.contains("client-3"))
        live.input.fileHandleForWriting.write(Data("say end\n".utf8))
        try live.waitFor { out, _ in out.contains("  » end") }
        let process = live.process
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let text = try String(contentsOfFile: record, encoding: .utf8)
        #expect(text.hasPrefix("cluster servers=2 balancer=sticky-cookie store=replicated"))
        #expect(text.contains("seed=1"))
        #expect(text.contains("browser client-1 ip=127.0.0.1"))
        #expect(text.contains("client-1 send POST /login cookie=\"SID="))
        #expect(text.contains("expect client-1.server == server-"))
        let check = try Self.run(["check", record])
        #expect(check.status == 0, "\(check.output)\n\(text)")
        #expect(check.output.hasSuffix(" passed, 0 failed\n"))
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = LiveProcess.binary
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
