import Foundation
import Glibc
import Testing

/// The live cluster's real Redis (1.1 keys): one set of processes with the cluster's settings,
/// shown by the terminal UI's panes, and recorded so that `check` replays it.
@Suite(.serialized) struct LiveStoreTests {
    /// The redis-server and redis-sentinel processes working in `directory` (a live run's
    /// `$TMPDIR`): their ports, by program. Redis rewrites its command line into a title
    /// (`/usr/bin/redis-server 127.0.0.1:PORT`), so the directory is read from its cwd.
    static func redisProcesses(under directory: String) -> (servers: [Int], sentinels: [Int]) {
        var servers: [Int] = []
        var sentinels: [Int] = []
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for pid in entries where Int(pid) != nil {
            guard let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd"),
                cwd.hasPrefix(directory), let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
            else { continue }
            let title = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\0", with: " ")
            guard let address = title.range(of: "127.0.0.1:") else { continue }
            guard let port = Int(title[address.upperBound...].prefix { $0.isNumber }) else { continue }
            if title.contains("redis-sentinel") || title.contains("[sentinel]") {
                sentinels.append(port)
            } else if title.contains("redis-server") {
                servers.append(port)
            }
        }
        return (servers.sorted(), sentinels.sorted())
    }

    static func redisConfig(port: Int, _ key: String) throws -> String {
        let answer = try Spawn.run("/usr/bin/redis-cli", ["-p", "\(port)", "config", "get", key], capture: true).output
        return answer.split(separator: "\n").dropFirst().first.map(String.init) ?? ""
    }

    @Test func theUIsClusterStartsOneSetOfRedisProcessesThatThePanesShow() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "tmux is missing")
        try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/redis-sentinel"), "redis-sentinel is missing")
        let tmux = try Tmux()
        let record = tmux.directory.appendingPathComponent("ui.scn").path
        let status = tmux.directory.appendingPathComponent("status").path
        try tmux.run(
            "TMPDIR=\(tmux.directory.path) \(LiveProcess.binary.path) live --listen 127.0.0.1:0 --record \(record);"
                + " echo $? > \(status)")
        let header = try tmux.waitFor("the header") { $0.contains("live http://127.0.0.1:") }
        let url = try #require(
            header.split(separator: " ").first { $0.hasPrefix("http://127.0.0.1:") }.map(String.init))
        try tmux.keys(":cluster store=redis replicas=1 sentinel=on maxmemory=4mb persistence=aof", "Enter")
        // An empty world is rebuilt without asking.
        let asked = try tmux.waitFor("the cluster or its confirmation") {
            $0.contains("y runs it") || $0.contains("store-2 replica")
        }
        if asked.contains("y runs it") { try tmux.keys("y") }
        try tmux.waitFor("the store's nodes in the pane") {
            $0.contains("store-1 primary") && $0.contains("store-2 replica")
        }
        // One primary, one replica, three sentinels: the live cluster's, none for the panes.
        let processes = Self.redisProcesses(under: tmux.directory.path)
        #expect(processes.servers.count == 2, "\(processes)")
        #expect(processes.sentinels.count == 3, "\(processes)")
        for port in processes.servers {
            #expect(try Self.redisConfig(port: port, "maxmemory") == "4194304")
            #expect(try Self.redisConfig(port: port, "appendonly") == "yes")
        }
        let jar = tmux.directory.appendingPathComponent("jar").path
        #expect(try Curl.run(["-b", jar, "-c", jar, "-d", "user=alice&password=secret", url + "/login"]).status == 200)
        try tmux.waitFor("the session in the store pane") { $0.contains("1 session") && $0.contains("alice") }
        // The panes' world knows the replicas: the failover is not refused, and shows.
        try tmux.keys(":store failover", "Enter")
        try tmux.waitFor("the promotion") { $0.contains("promoted store-2") && $0.contains("store-2 primary") }
        let screen = try tmux.tmux(["capture-pane", "-t", "t", "-p"])
        #expect(!screen.contains("needs replicas"), "\(screen)")
        #expect(try Curl.run(["-b", jar, "-c", jar, url + "/me"]).status == 200)
        try tmux.keys("q")
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: status) { usleep(50_000) }
        #expect((try? String(contentsOfFile: status, encoding: .utf8)) == "0\n")
        #expect(Self.redisProcesses(under: tmux.directory.path).servers.isEmpty)
        let recording = try String(contentsOfFile: record, encoding: .utf8)
        #expect(recording.contains("persistence=aof maxmemory=4mb eviction=noeviction replicas=1 sentinel=on"))
        let check = try ShutdownAndRecordingTests.run(["check", record])
        #expect(check.status == 0, "\(check.output)\n\(recording)")
    }

    @Test func aRecordingWithReplicasLagAndFailoverReplaysWithCheck() throws {
        let live = try LiveProcess(["--record", "{tmp}/run.scn"])
        let record = live.temporaryDirectory.appendingPathComponent("run.scn").path
        try live.run("cluster store=redis replicas=1 maxmemory=8mb", "browser alice", "alice login alice")
        try live.run("store lag on", "browser bob", "bob login bob", "store failover")
        // bob's session never reached the replica: lost with the primary.
        let after = try live.run("alice get /me", "bob get /me", "expect bob.status == 401")
        #expect(after.contains("expect bob.status == 401  ✓"), "\(after)")
        let process = live.process
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let text = try String(contentsOfFile: record, encoding: .utf8)
        #expect(text.contains("store=redis"))
        #expect(text.contains("maxmemory=8mb eviction=noeviction replicas=1 sentinel=off"), "\(text)")
        let check = try ShutdownAndRecordingTests.run(["check", record])
        #expect(check.status == 0, "\(check.output)\n\(text)")
    }
}

/// An outside request that arrives while a long statement runs waits for it: it is answered
/// when the statement ends (a client waiting for its answer is not silent), and one whose
/// client gave up meanwhile is not applied. Each new client gets its own name and address.
@Suite struct LiveWaitingRequestTests {
    @Test func aWaitingRequestIsAnsweredOrNotAppliedAndNamedRight() throws {
        // The idle limit shortened to 1 s: the crowd runs for longer than that.
        let live = try LiveProcess(
            ["--record", "{tmp}/run.scn"], environment: ["SESSIONSCOPE_LIVE_IDLE_SECONDS": "1"])
        let record = live.temporaryDirectory.appendingPathComponent("run.scn").path
        live.input.fileHandleForWriting.write(Data("crowd 1500\n".utf8))
        // The crowd's line is printed when it ends; its guests' requests start at once.
        usleep(500_000)
        let answers = Answers()
        let group = DispatchGroup()
        for (user, seconds) in [("bob", "60"), ("carol", "60"), ("dave", "0.3")] {
            group.enter()
            Thread.detachNewThread {
                let answer = try? Curl.run([
                    "--max-time", seconds, "-d", "user=\(user)&password=secret", live.url + "/login",
                ])
                answers.set(user, answer?.status)
                group.leave()
            }
            usleep(100_000)
        }
        group.wait()
        try live.run("say done")
        #expect(answers.get("bob") == 200)
        #expect(answers.get("carol") == 200)
        #expect(answers.get("dave") == nil, "dave gave up after 0.3 s")
        let text = live.stdout
        // The crowd outlasted the idle limit and the answers came after it.
        #expect(text.contains("client-1 127.0.0.1:"), "\(text.suffix(3000))")
        #expect(text.contains("client-2 127.0.0.1:"), "\(text.suffix(3000))")
        #expect(!text.contains("client-1 > POST") && !text.contains("client-2 > POST"), "\(text.suffix(3000))")
        #expect(!text.contains("client-3"), "dave's request was not applied: \(text.suffix(3000))")
        let process = live.process
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let recording = try String(contentsOfFile: record, encoding: .utf8)
        #expect(recording.contains("user=bob") && recording.contains("user=carol"))
        #expect(!recording.contains("user=dave"), "\(recording)")
    }
}

/// Answers of clients on other threads.
final class Answers: @unchecked Sendable {
    private let lock = NSLock()
    private var statuses: [String: Int] = [:]
    func set(_ user: String, _ status: Int?) { lock.withLock { statuses[user] = status } }
    func get(_ user: String) -> Int? { lock.withLock { statuses[user] } }

    /// A live crowd against a full Redis (`noeviction`) says what the store really holds and
    /// how many guests got 503, with Redis's own error, as the simulation's crowd does.
    @Test func aLiveCrowdAgainstAFullRedisCountsThe503s() throws {
        let live = try LiveProcess([])
        defer { _ = live.stop() }
        let text = try live.run("cluster store=redis maxmemory=1200kb", "crowd 1500")
        let line = try #require(text.split(separator: "\n").first { $0.contains("opened and visited") })
        #expect(line.contains("guests got 503: redis: OOM command not allowed"), "\(line)")
        #expect(!line.contains("store +1500"), "\(line)")
    }

}
