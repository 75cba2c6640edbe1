import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores
import SessionScopeUI

/// The measurements of `sessionscope bench`, each one a function that returns its figures.
struct Benchmarks {
    var redisURL: String?
    var log: (String) -> Void

    /// `GET /me` by 10,000 logged-in browsers on 4 servers behind sticky-cookie, local store,
    /// through jar, balancer, middleware and back; and the bare dictionary loop beside it.
    func simulation() throws -> [(String, Double)] {
        var settings = ClusterSettings()
        settings.servers = 4
        settings.balancer = .stickyCookie
        var world = try World(settings: settings)
        _ = try world.apply(.crowd(count: 10_000, login: true))
        let names = (1...10_000).map { "guest-\($0)" }
        let commands = names.map { Command.request(browser: $0, method: .get, path: "/me", form: []) }
        // Warm up, then measure whole passes over every browser.
        for command in commands.prefix(10_000) { _ = try world.apply(command) }
        var requests = 0
        // Every request's events are recorded (five for a `GET /me`: sent, routed, session
        // found, touched, response), counted, and let go, as a driver that shows them would.
        var events: [Event] = []
        var recorded = 0
        // Fifty passes: half a million requests, long enough that the figure is stable.
        let seconds = try Stopwatch.seconds {
            for _ in 0..<50 {
                for command in commands {
                    try world.apply(command, into: &events)
                    recorded += events.count
                    events.removeAll(keepingCapacity: true)
                }
                requests += commands.count
            }
        }
        let simulated = Double(requests) / seconds
        log(
            "sim_requests_per_s: \(Int(simulated)) (\(requests) requests, \(recorded) events, in "
                + "\(String(format: "%.2f", seconds)) s)"
        )

        // The floor: a [String: Session] lookup-and-update over the same number of hex ids.
        struct Session {
            var user: String
            var created: Int64
            var lastAccess: Int64
        }
        var random = SplitMix64(seed: 1)
        let ids = (0..<10_000).map { _ in SessionID(using: &random).description }
        var table: [String: Session] = [:]
        for (i, id) in ids.enumerated() { table[id] = Session(user: "guest-\(i)", created: 0, lastAccess: 0) }
        var ops = 0
        let baselineSeconds = Stopwatch.seconds {
            for round in 0..<100 {
                for id in ids {
                    if var session = table[id] {
                        session.lastAccess = Int64(round)
                        table[id] = session
                    }
                }
                ops += ids.count
            }
        }
        let baseline = Double(ops) / baselineSeconds
        log("baseline_dictionary_ops_per_s: \(Int(baseline))")
        return [
            ("sim_requests_per_s", simulated), ("baseline_dictionary_ops_per_s", baseline),
            ("sim_over_baseline", simulated / baseline),
        ]
    }

    /// Heap bytes per session of the local store's table with 1,000,000 sessions, each of
    /// its own user (as the Redis figure's sessions are, and as a crowd's are): interning
    /// saves nothing here.
    func localMemory() -> [(String, Double)] {
        let count = 1_000_000
        var random = SplitMix64(seed: 2)
        let before = Stopwatch.heapInUse()
        var table = SessionTable()
        for i in 0..<count {
            let record = SessionRecord(
                id: SessionID(using: &random), user: "u\(i)", created: .zero,
                lastAccess: .zero, clientIP: IPv4(UInt32(i)))
            table.save(record, timeout: .minutes(30), absolute: nil, sweep: .minutes(1))
        }
        let bytes = Double(Stopwatch.heapInUse() - before) / Double(count)
        log(
            "local_bytes_per_session: \(String(format: "%.1f", bytes)) (heap, \(count) sessions; the table reports "
                + "\(table.memoryBytes / count))"
        )
        withExtendedLifetime(table) {}
        return [("local_bytes_per_session", bytes)]
    }

    /// Guests per second through `crowd N login=on` (each: a browser opens, visits `/`, logs
    /// in, and the session id is regenerated: a removal and an insertion) with 10,000 and
    /// with 1,000,000 guests. The two rates should be close: a cost that grows with the
    /// sessions held would make the second far lower.
    func crowds() throws -> [(String, Double)] {
        func guestsPerSecond(_ count: Int) throws -> Double {
            var settings = ClusterSettings()
            settings.servers = 4
            settings.balancer = .stickyCookie
            var world = try World(settings: settings)
            let seconds = try Stopwatch.seconds { _ = try world.apply(.crowd(count: count, login: true)) }
            precondition((1...4).map(world.sessionCount(server:)).reduce(0, +) == count)
            return Double(count) / seconds
        }
        let small = try guestsPerSecond(10_000)
        let large = try guestsPerSecond(1_000_000)
        log("crowd_guests_per_s_10k: \(Int(small)); crowd_guests_per_s_1m: \(Int(large))")
        return [("crowd_guests_per_s_10k", small), ("crowd_guests_per_s_1m", large)]
    }

    /// A sweep's cost must follow what expires, not what is held: the same 1,000 due
    /// sessions swept from a table of 10,000 and from a table of 1,000,000.
    func sweeps() -> [(String, Double)] {
        func sweepMilliseconds(held: Int) -> Double {
            var table = SessionTable()
            var random = SplitMix64(seed: 5)
            for i in 0..<held {
                // 1,000 sessions idle since 0; the rest touched at 20 minutes.
                let last = Instant(milliseconds: i < 1000 ? 0 : 1_200_000)
                table.save(
                    SessionRecord(id: SessionID(using: &random), created: .zero, lastAccess: last, clientIP: IPv4(1)),
                    timeout: .minutes(30), absolute: nil, sweep: .minutes(1))
            }
            var removed = 0
            let seconds = Stopwatch.seconds {
                removed =
                    table.sweep(
                        now: Instant(milliseconds: 1_800_000), timeout: .minutes(30), absolute: nil, sweep: .minutes(1)
                    ).count
            }
            precondition(removed == 1000)
            return seconds * 1000
        }
        let small = sweepMilliseconds(held: 10_000)
        let large = sweepMilliseconds(held: 1_000_000)
        log(
            "sweep_ms_1k_due_of_10k: \(String(format: "%.3f", small)); sweep_ms_1k_due_of_1m: "
                + "\(String(format: "%.3f", large))"
        )
        return [("sweep_ms_1k_due_of_10k", small), ("sweep_ms_1k_due_of_1m", large)]
    }

    /// Sessions through the redis store into a real Redis: `INFO memory` before and after;
    /// the store's own round trips beside redis-benchmark's on the same server.
    func redis() throws -> [(String, Double)] {
        let server: RedisServerProcess?
        let url: RedisURL
        if let redisURL, let parsed = try? RedisURL(parsing: redisURL) {
            server = nil
            url = parsed
        } else {
            server = try RedisServerProcess()
            url = RedisURL(host: "127.0.0.1", port: server!.port)
        }
        defer { server?.stop() }
        let store = RedisStore(url: url, runID: "bench-\(getpid())", rules: ClusterSettings().expiryRules)
        defer { store.close() }
        let count = 100_000
        var random = SplitMix64(seed: 3)
        let before = try store.usedMemory()
        var ids: [SessionID] = []
        ids.reserveCapacity(count)
        for i in 0..<count {
            let record = SessionRecord(
                id: SessionID(using: &random), user: "u\(i)", created: .zero, lastAccess: .zero,
                clientIP: IPv4(UInt32(i)))
            try store.save(record, expiresAt: Instant(milliseconds: 1_800_000), now: .zero)
            ids.append(record.id)
            if i % 10_000 == 0 { _ = store.drainTimings() }
        }
        let bytes = Double(try store.usedMemory() - before) / Double(count)
        log("redis_bytes_per_session: \(String(format: "%.1f", bytes)) (used_memory, \(count) sessions)")

        // One connection, one command per round trip: the store's load (HGETALL), beside
        // redis-benchmark on the same server. The loopback round trip swings with whatever
        // else the machine does, so both are measured in three alternating rounds and each
        // keeps its best: the same rule for both, and less of the noise.
        // redis-benchmark's GET reads one small string; the store's load reads a four-field
        // hash, which is more work for the server. So it also runs HGETALL on a session the
        // store wrote (the same shape), and both ratios are reported.
        let sampleKey = store.prefix + "sess:" + ids[0].description
        var ops = 0.0
        var benchmark: Double?
        var hashBenchmark: Double?
        for round in 0..<3 {
            var loads = 0
            let seconds = try Stopwatch.seconds {
                for id in ids[(round * 20_000)..<((round + 1) * 20_000)] {
                    _ = try store.load(id)
                    loads += 1
                }
            }
            _ = store.drainTimings()
            ops = max(ops, Double(loads) / seconds)
            if let rate = redisBenchmark(url, command: ["-t", "get"]) { benchmark = max(benchmark ?? 0, rate) }
            if let rate = redisBenchmark(url, command: ["HGETALL", sampleKey]) {
                hashBenchmark = max(hashBenchmark ?? 0, rate)
            }
        }
        let shown = { (rate: Double?) in rate.map { String(Int($0)) } ?? "n/a" }
        log(
            "redis_ops_per_s: \(Int(ops)); redis_benchmark_ops_per_s (GET): \(shown(benchmark)); "
                + "redis_benchmark_hgetall_ops_per_s: \(shown(hashBenchmark))")
        var result = [("redis_bytes_per_session", bytes), ("redis_ops_per_s", ops)]
        if let benchmark {
            result += [("redis_benchmark_ops_per_s", benchmark), ("redis_over_benchmark", ops / benchmark)]
        }
        if let hashBenchmark {
            result += [
                ("redis_benchmark_hgetall_ops_per_s", hashBenchmark),
                ("redis_over_benchmark_hgetall", ops / hashBenchmark),
            ]
        }
        return result
    }

    /// `redis-benchmark -c 1 -P 1` against the same server running `command` (`-t get`, or a
    /// command of its own such as `HGETALL KEY`): requests per second.
    func redisBenchmark(_ url: RedisURL, command: [String]) -> Double? {
        // redis-benchmark takes a password only on its command line, where `ps` shows it: no
        // comparison figure for a server with a password.
        guard url.password == nil,
            let path = ["/usr/bin/redis-benchmark", "/usr/local/bin/redis-benchmark"].first(
                where: FileManager.default.isExecutableFile)
        else {
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments =
            ["-h", url.host, "-p", String(url.port), "-c", "1", "-P", "1", "-n", "20000", "--csv"] + command
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // "test","rps",... then "GET","25000.00",... (or the command as given)
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("\"test\"") {
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            if fields.count > 1, let value = Double(fields[1]) { return value }
        }
        return nil
    }

    /// Committed writes per second in the durable and the WAL/normal modes.
    func sqlite() throws -> [(String, Double)] {
        var result: [(String, Double)] = []
        for (durability, count) in [(SQLiteStore.Durability.durable, 1000), (.wal, 10_000)] {
            let store = try SQLiteStore(
                path: nil, durability: durability, runID: "bench-\(durability)", rules: ClusterSettings().expiryRules)
            defer { store.close() }
            var random = SplitMix64(seed: 4)
            let seconds = try Stopwatch.seconds {
                for i in 0..<count {
                    let record = SessionRecord(
                        id: SessionID(using: &random), user: "u\(i)", created: .zero, lastAccess: .zero,
                        clientIP: IPv4(1))
                    try store.save(record, expiresAt: Instant(milliseconds: 1_800_000), now: .zero)
                    if i % 1000 == 0 { _ = store.drainTimings() }
                }
            }
            let rate = Double(count) / seconds
            let key = durability == .durable ? "sqlite_writes_per_s_durable" : "sqlite_writes_per_s_wal"
            log("\(key): \(Int(rate))")
            result.append((key, rate))
        }
        return result
    }

    /// Median time to render a full 132×40 frame with 10 and with 1,000,000 sessions.
    func frames() throws -> [(String, Double)] {
        func medianFrame(crowd: Int) throws -> Double {
            var timeline = try Timeline(file: "bench")
            let statement = try Parser.parse(file: "bench", source: "crowd \(crowd)").statements[0]
            try timeline.append(statement)
            let model = AppModel(timeline: timeline, isReplay: false, colors: false)
            var times: [Double] = []
            for _ in 0..<31 {
                times.append(Stopwatch.seconds { _ = View.render(model, width: 132, height: 40) })
            }
            return Stopwatch.median(times) * 1000
        }
        let small = try medianFrame(crowd: 10)
        log("frame_ms_10: \(String(format: "%.3f", small))")
        let large = try medianFrame(crowd: 1_000_000)
        log("frame_ms_1m: \(String(format: "%.3f", large))")
        return [("frame_ms_10", small), ("frame_ms_1m", large), ("frame_1m_over_10", large / small)]
    }

    /// The UI after `crowd 1000000`: each key handled by the real model (`AppModel.handle`)
    /// and the frame drawn after it, median over repeats. Selecting browsers and servers,
    /// scrolling, opening a browser, visiting, advancing the clock, stepping back and
    /// forward: none of it may cost what the crowd holds.
    func ui() throws -> [(String, Double)] {
        var timeline = try Timeline(file: "bench")
        try timeline.append(try Parser.parse(file: "bench", source: "crowd 1000000 login=on").statements[0])
        var model = AppModel(timeline: timeline, isReplay: false, colors: false)
        let keys: [(String, [Key])] = [
            ("select", [.down, .down, .up, .character("]"), .character("[")]),
            ("scroll", [.character("="), .character("<")]),
            ("new_browser", [.character("n")]),
            ("visit", [.character("g")]),
            ("advance", [.character("+")]),
            ("step", [.left, .right]),
            // Back to before the crowd and forward past it again (a checkpoint follows it).
            ("rewind_and_end", [.home, .end]),
        ]
        var result: [(String, Double)] = []
        var slowest = 0.0
        for (name, sequence) in keys {
            var times: [Double] = []
            for _ in 0..<7 {
                for key in sequence {
                    times.append(
                        Stopwatch.seconds {
                            model.handle(.key(key))
                            _ = View.render(model, width: 132, height: 40)
                        })
                }
            }
            let median = Stopwatch.median(times) * 1000
            slowest = max(slowest, median)
            result.append(("ui_\(name)_ms_1m", median))
        }
        precondition(model.world.browsers.count > 1_000_000, "the keys did not reach the world")
        log(result.map { "\($0.0): \(String(format: "%.2f", $0.1))" }.joined(separator: "; "))
        return result + [("ui_slowest_key_ms_1m", slowest)]
    }

    /// Headless replay (parse, run, transcript) of a generated 100,000-statement scenario.
    func replay() throws -> [(String, Double)] {
        var lines = ["cluster servers=4 balancer=sticky-cookie"]
        for b in 0..<100 { lines.append("browser b\(b)") }
        var i = 0
        while lines.count < 100_000 {
            let b = i % 100
            switch i % 10 {
            case 0: lines.append("b\(b) login alice")
            case 9: lines.append("advance 10s")
            case 8: lines.append("expect b\(b).status >= 200")
            default: lines.append("b\(b) get /me")
            }
            i += 1
        }
        let source = lines.joined(separator: "\n")
        var outputBytes = 0
        let seconds = try Stopwatch.seconds {
            let scenario = try Parser.parse(file: "bench.scn", source: source)
            let transcript = Transcript(scenario: scenario)
            var run = try ScenarioRun(scenario: scenario)
            try run.runToEnd { step in
                for line in transcript.lines(for: step, file: scenario.file) { outputBytes += line.utf8.count }
            }
        }
        let rate = Double(lines.count) / seconds
        log(
            "replay_statements_per_s: \(Int(rate)) (\(lines.count) statements, \(outputBytes / 1_000_000) MB of "
                + "transcript)"
        )
        return [("replay_statements_per_s", rate)]
    }
}
