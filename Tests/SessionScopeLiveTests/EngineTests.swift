import Foundation
import SessionScopeLive
import Testing

/// `live --engine nginx|haproxy` (live-mode.md, "Engines"): the generated configurations,
/// the refusals, and the real processes in front of the servers.
@Suite(.serialized) struct EngineTests {
    /// Runs `sessionscope ARGUMENTS` to its end: status, standard output, standard error.
    static func sessionscope(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let run = try Binary.run(arguments)
        return (run.status, run.stdout, run.stderr)
    }

    static func printConfig(_ engine: String, _ balancer: String) throws -> String {
        let run = try sessionscope([
            "live", "--engine", engine, "--balancer", balancer, "--servers", "3", "--listen", "127.0.0.1:8088",
            "--print-config",
        ])
        #expect(run.status == 0, "stderr: \(run.err)")
        return run.out
    }

    @Test(arguments: [("round-robin", nil), ("random", "random;"), ("ip-hash", "ip_hash;")] as [(String, String?)])
    func nginxConfiguration(balancer: String, directive: String?) throws {
        let text = try Self.printConfig("nginx", balancer)
        #expect(text.contains("worker_processes 1;"))
        #expect(text.contains("listen 127.0.0.1:8088;"))
        #expect(text.components(separatedBy: "server 127.0.0.1:").count == 4, "three servers:\n\(text)")
        for policy in ["random;", "ip_hash;"] {
            #expect(text.contains(policy) == (policy == directive), "\(policy) in:\n\(text)")
        }
        #expect(text.contains("add_header X-Served-By $sessionscope_served_by always;"))
        #expect(text.contains("error_page 502 504 =503 @unavailable;"))
        #expect(text.contains("proxy_next_upstream error timeout non_idempotent;"))
        // Everything nginx writes stays in its private directory: no root, no /var/lib/nginx.
        for directive in ["pid", "error_log", "client_body_temp_path", "proxy_temp_path", "fastcgi_temp_path"] {
            let line = text.split(separator: "\n").first {
                $0.trimmingCharacters(in: .whitespaces).hasPrefix(directive + " ")
            }
            #expect(line?.contains("/sessionscope-engine-") == true, "\(directive): \(line ?? "missing")")
        }
    }

    @Test(
        arguments: [
            ("round-robin", "balance roundrobin"), ("random", "balance random"), ("ip-hash", "balance source"),
            ("sticky-cookie", "balance roundrobin"),
        ])
    func haproxyConfiguration(balancer: String, directive: String) throws {
        let text = try Self.printConfig("haproxy", balancer)
        #expect(text.contains("    \(directive)\n"), "\(directive) in:\n\(text)")
        #expect(text.contains("bind 127.0.0.1:8088"))
        #expect(text.contains("option redispatch"))
        #expect(text.contains("retry-on conn-failure empty-response"))
        #expect(
            text.contains("http-after-response set-header X-Served-By balancer if !{ res.hdr(X-Served-By) -m found }"))
        let servers = text.split(separator: "\n").filter { $0.contains("server server-") }
        #expect(servers.count == 3)
        #expect(servers.allSatisfy { $0.contains(" check") })
        let sticky = balancer == "sticky-cookie"
        #expect(text.contains("cookie LB insert indirect nocache") == sticky)
        #expect(servers.allSatisfy { $0.hasSuffix(" cookie \($0.split(separator: " ")[1])") } == sticky)
    }

    @Test(
        arguments: [
            ("nginx", "sticky-cookie", "open-source nginx has no sticky cookie; use haproxy"),
            ("nginx", "least-sessions", "nearest: haproxy `leastconn`"),
            ("haproxy", "least-sessions", "nearest: haproxy `leastconn`"),
        ])
    func refusedBalancers(engine: String, balancer: String, message: String) throws {
        for extra in [["--print-config"], ["--headless"]] {
            let run = try Self.sessionscope(["live", "--engine", engine, "--balancer", balancer] + extra)
            #expect(run.status == 2)
            #expect(run.err.contains(message), "stderr: \(run.err)")
            #expect(run.out.isEmpty)
        }
    }

    @Test(arguments: ["nginx", "haproxy"])
    func aPortInUseIsAUsageError(engine: String) throws {
        let other = try LiveProcess()
        let taken = String(other.url.dropFirst("http://".count))
        let run = try Self.sessionscope(["live", "--headless", "--exit-on-eof", "--engine", engine, "--listen", taken])
        #expect(run.status == 2)
        #expect(run.err.contains("cannot listen on \(taken)"), "\(run.err)")
        #expect(other.stop() == 0)
    }

    @Test func builtinHasNoConfiguration() throws {
        let run = try Self.sessionscope(["live", "--print-config"])
        #expect(run.status == 2)
        #expect(run.err.contains("--print-config"))
    }

    /// Which server answered the built-in browser's last request, as the transcript says.
    static func server(of browser: String, in live: LiveProcess) throws -> String {
        let text = try live.run("expect \(browser).server == none")
        guard let got = text.range(of: "✗ got ") else { return "none" }
        return String(text[got.upperBound...].prefix { !$0.isWhitespace })
    }

    static func servedBy(_ url: String, jar: String? = nil) throws -> String {
        let cookies = jar.map { ["-b", $0, "-c", $0] } ?? []
        let answer = try Curl.run(cookies + [url + "/"])
        #expect(answer.status == 200)
        return answer.header("X-Served-By") ?? "missing"
    }

    @Test(arguments: ["nginx", "haproxy"])
    func roundRobinAlternates(engine: String) throws {
        let live = try LiveProcess(["--engine", engine, "--servers", "2"])
        let servers = try (0..<4).map { _ in try Self.servedBy(live.url) }
        #expect(servers[0] != servers[1] && servers[0] == servers[2] && servers[1] == servers[3], "\(servers)")
        #expect(Set(servers) == ["server-1", "server-2"])
        // Built-in browsers too, and the transcript names the engine's choice.
        let text = try live.run("browser alice", "alice get /", "alice get /")
        #expect(text.contains("\(engine) sent alice's request to server-1 (X-Served-By)"), "\(text)")
        #expect(text.contains("\(engine) sent alice's request to server-2 (X-Served-By)"), "\(text)")
        // curl's requests: each got a session, so each is a client of its own.
        #expect(live.stdout.contains("\(engine) sent client-1's request to server-"), "\(live.stdout)")
        #expect(live.stop() == 0)
    }

    @Test func nginxIPHashHashesTheFirstThreeOctets() throws {
        let live = try LiveProcess(["--engine", "nginx", "--servers", "3", "--balancer", "ip-hash"])
        // The built-in browsers send from 127.0.0.2, .3, .4: one /24, so one server.
        try live.run("browser alice", "browser bob", "browser carol")
        var seen: Set<String> = []
        for _ in 0..<2 {
            for name in ["alice", "bob", "carol"] {
                try live.run("\(name) get /")
                seen.insert(try Self.server(of: name, in: live))
            }
        }
        #expect(seen.count == 1, "\(seen)")
        #expect(seen.first?.hasPrefix("server-") == true)
        // `server(of:)` reads the server from a failed `expect`: exit 1.
        #expect(live.stop() == 1)
    }

    @Test func haproxyStickyCookieKeepsAUserOnItsServer() throws {
        let live = try LiveProcess(["--engine", "haproxy", "--servers", "3", "--balancer", "sticky-cookie"])
        let jar = live.temporaryDirectory.appendingPathComponent("jar.txt").path
        let first = try Curl.run(["-b", jar, "-c", jar, live.url + "/"])
        let server = try #require(first.header("X-Served-By"))
        #expect(first.all("Set-Cookie").contains { $0.hasPrefix("LB=\(server)") }, "\(first.headers)")
        for _ in 0..<4 { #expect(try Self.servedBy(live.url, jar: jar) == server) }
        // A built-in browser logs in and stays logged in: its jar keeps HAProxy's LB cookie.
        let text = try live.run(
            "browser alice", "alice login alice", "alice get /me", "expect alice.status == 200", "alice get /me",
            "expect alice.status == 200", "alice get /me", "expect alice.status == 200")
        #expect(text.contains("alice's jar: stored LB="), "\(text)")
        #expect(!text.contains("✗"), "\(text)")
        #expect(live.stop() == 0)
    }

    @Test(arguments: ["nginx", "haproxy"])
    func aKilledServerIsSkipped(engine: String) throws {
        let live = try LiveProcess(["--engine", engine, "--servers", "2"])
        try live.run("server-1 kill")
        // HAProxy's health check (every 500 ms) or nginx's next upstream: the other answers.
        for _ in 0..<6 { #expect(try Self.servedBy(live.url) == "server-2") }
        try live.run("server-2 kill")
        Thread.sleep(forTimeInterval: 1.2)
        let none = try Curl.run([live.url + "/"])
        #expect(none.status == 503)
        #expect(none.header("X-Served-By") == "balancer", "\(none.headers)")
        try live.run("server-1 start")
        Thread.sleep(forTimeInterval: 1.2)
        #expect(try Self.servedBy(live.url) == "server-1")
        #expect(live.stop() == 0)
    }

    @Test(arguments: ["nginx", "haproxy"])
    func theRecordingPinsTheEnginesChoice(engine: String) throws {
        let live = try LiveProcess(["--engine", engine, "--record", "{tmp}/run.scn"])
        try live.run("browser alice", "alice get /")
        _ = try Self.servedBy(live.url)
        _ = try live.run("say recorded")
        // The client's own address, as the engine saw it, not the engine's.
        #expect(live.stdout.contains("alice 127.0.0.2:"), "\(live.stdout)")
        #expect(live.stdout.contains("client-1 127.0.0.1:"), "\(live.stdout)")
        #expect(live.stop() == 0)
        let text = try String(
            contentsOf: live.temporaryDirectory.appendingPathComponent("run.scn"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("alice get / via=server-") }, "\(text)")
        #expect(lines.contains { $0.hasPrefix("client-1 send GET / via=server-") }, "\(text)")
        #expect(lines.contains("expect alice.status == 200"))
        #expect(!text.contains(".server =="), "pinned, not expected: \(text)")
    }

    @Test func aClusterStatementReconfiguresTheEngine() throws {
        let live = try LiveProcess(["--engine", "nginx", "--servers", "2"])
        try live.run("cluster servers=3 balancer=round-robin")
        let servers = try (0..<3).map { _ in try Self.servedBy(live.url) }
        #expect(Set(servers) == ["server-1", "server-2", "server-3"], "\(servers)")
        // nginx has no sticky cookie: refused, and the running cluster stays.
        try live.run("cluster servers=2 balancer=sticky-cookie")
        #expect(live.stderr.contains("open-source nginx has no sticky cookie"), "\(live.stderr)")
        let after = try (0..<3).map { _ in try Self.servedBy(live.url) }
        #expect(Set(after) == ["server-1", "server-2", "server-3"], "\(after)")
        #expect(live.stop() == 0)
    }

    /// The engine's pid: sessionscope's child running the engine's program.
    static func enginePIDs(of pid: Int32, engine: String) -> [Int32] {
        ShutdownAndRecordingTests.children(of: pid).filter { child in
            let command = (try? String(contentsOfFile: "/proc/\(child)/comm", encoding: .utf8)) ?? ""
            return command.hasPrefix(engine)
        }
    }

    static func waitGone(_ pids: [Int32]) -> Bool {
        for _ in 0..<50 {
            if pids.allSatisfy({ !ShutdownAndRecordingTests.isAlive($0) }) { return true }
            usleep(100_000)
        }
        return false
    }

    static func leftovers(_ directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("sessionscope-") }
    }

    @Test(arguments: ["nginx", "haproxy"])
    func sigtermLeavesNoEngineAndNoDirectory(engine: String) throws {
        let live = try LiveProcess(["--engine", engine])
        let engines = Self.enginePIDs(of: live.process.processIdentifier, engine: engine)
        #expect(engines.count == 1, "the \(engine) process")
        #expect(try Self.leftovers(live.temporaryDirectory).count == 1, "its directory")
        #expect(live.stop() == 0)
        #expect(Self.waitGone(engines))
        #expect(try Self.leftovers(live.temporaryDirectory).isEmpty)
    }

    @Test(arguments: ["nginx", "haproxy"])
    func sigkillTakesTheEngineAlong(engine: String) throws {
        let live = try LiveProcess(["--engine", engine])
        let engines = Self.enginePIDs(of: live.process.processIdentifier, engine: engine)
        #expect(engines.count == 1, "the \(engine) process")
        _ = live.stop(signal: SIGKILL)
        #expect(Self.waitGone(engines), "\(engine) outlived sessionscope")
        // Nothing of ours could remove the directory; the next run does.
        let next = try LiveProcess(["--engine", engine], temporaryDirectory: live.temporaryDirectory)
        #expect(try Self.leftovers(live.temporaryDirectory).count == 1, "only the new run's")
        #expect(next.stop() == 0)
        #expect(try Self.leftovers(live.temporaryDirectory).isEmpty)
    }
}

/// A missing engine names the Debian package that holds it.
@Suite struct MissingEngineTests {
    @Test(arguments: [LiveEngine.nginx, .haproxy])
    func missingProgramNamesItsPackage(engine: LiveEngine) throws {
        #expect(throws: LiveError.self) { try EngineProcess.locate(engine, searching: ["/nonexistent"]) }
        do {
            _ = try EngineProcess.locate(engine, searching: ["/nonexistent"])
        } catch let error as LiveError {
            #expect(error.isUsage)
            #expect(error.message.contains("install the Debian package `\(engine.rawValue)`"), "\(error.message)")
        }
        #expect(try EngineProcess.locate(engine).hasSuffix("/" + engine.rawValue))
    }
}

/// `check --live --engine E` and the walkthrough written for it.
@Suite(.serialized) struct CheckWithEngineTests {
    static let walkthrough = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Scenarios/27-nginx-vs-haproxy.scn").standardized.path

    @Test func walkthroughPassesInTheSimulationAndBehindHAProxy() throws {
        for extra in [[], ["--live", "--engine", "haproxy"], ["--live", "--engine", "builtin"]] {
            let run = try EngineTests.sessionscope(["check"] + extra + [Self.walkthrough])
            #expect(run.status == 0, "\(extra): \(run.out)\(run.err)")
            #expect(run.out.hasSuffix("7 passed, 0 failed\n"), "\(extra): \(run.out)")
        }
    }

    @Test func nginxPassesTheIPHashChapterAndRefusesTheStickyCookie() throws {
        let text = try String(contentsOfFile: Self.walkthrough, encoding: .utf8)
        let cut = try #require(text.range(of: "cluster servers=3 balancer=sticky-cookie"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let chapter = directory.appendingPathComponent("ip-hash.scn").path
        try Data(text[..<cut.lowerBound].utf8).write(to: URL(fileURLWithPath: chapter))
        let passing = try EngineTests.sessionscope(["check", "--live", "--engine", "nginx", chapter])
        #expect(passing.status == 0, "\(passing.out)\(passing.err)")
        #expect(passing.out == "5 passed, 0 failed\n")
        #expect(passing.err.contains("\(chapter): live at http://127.0.0.1:"))
        let refused = try EngineTests.sessionscope(["check", "--live", "--engine", "nginx", Self.walkthrough])
        #expect(refused.status == 2)
        #expect(refused.err.contains("open-source nginx has no sticky cookie"), "\(refused.err)")
    }

    @Test func engineWithoutLiveIsAUsageError() throws {
        let run = try EngineTests.sessionscope(["check", "--engine", "nginx", Self.walkthrough])
        #expect(run.status == 2)
        #expect(run.err.contains("--engine needs --live"))
    }
}

/// A recording made behind nginx replays with `check`: its `via=server-K` pins the server
/// that nginx's `ip_hash` chose, which the simulation's own hash would not.
@Suite(.serialized) struct PinnedRecordingTests {
    @Test func anNginxIPHashRecordingReplaysWithCheck() throws {
        let live = try LiveProcess([
            "--engine", "nginx", "--balancer", "ip-hash", "--servers", "3", "--record", "{tmp}/run.scn",
        ])
        try live.run(
            "browser alice", "browser bob", "alice login alice", "bob login bob", "alice get /me", "bob get /me",
            "expect alice.status == 200", "expect bob.status == 200")
        let jar = live.temporaryDirectory.appendingPathComponent("jar.txt").path
        #expect(
            try Curl.run(["-c", jar, "-b", jar, "-d", "user=carol&password=secret", live.url + "/login"]).status == 200)
        #expect(try Curl.run(["-c", jar, "-b", jar, live.url + "/me"]).status == 200)
        try live.run("server-2 kill", "alice get /me", "bob get /me")
        #expect(try Curl.run(["-c", jar, "-b", jar, live.url + "/me"]).status != 0)
        try live.run("say end")
        #expect(live.stop() == 0)
        let record = live.temporaryDirectory.appendingPathComponent("run.scn").path
        let text = try String(contentsOfFile: record, encoding: .utf8)
        #expect(text.contains("alice login alice via=server-"), "\(text)")
        #expect(text.contains("client-1 send GET /me cookie=") && text.contains(" via=server-"), "\(text)")
        let check = try ShutdownAndRecordingTests.run(["check", record])
        #expect(check.status == 0, "\(check.output)\n\(text)")
        #expect(check.output.hasSuffix(" passed, 0 failed\n"), "\(check.output)")
        // Each replayed request went where nginx had sent it: its `via=` holds in the simulation.
        var pinned: [String] = []
        for line in text.split(separator: "\n") {
            pinned.append(String(line))
            if let via = line.range(of: " via=server-") {
                let name = line.prefix { $0 != " " }
                pinned.append("expect \(name).server == server-\(line[via.upperBound...])")
            }
        }
        #expect(pinned.count > text.split(separator: "\n").count + 6, "\(pinned)")
        let checked = live.temporaryDirectory.appendingPathComponent("pinned.scn").path
        try Data((pinned.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: checked))
        let servers = try ShutdownAndRecordingTests.run(["check", checked])
        #expect(servers.status == 0, "\(servers.output)\n\(pinned.joined(separator: "\n"))")
    }
}
