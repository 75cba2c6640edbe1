import Foundation
import Glibc
import SessionScopeAttach
import SessionScopeStores
import SessionScopeUI

extension Benchmarks {
    /// attach over a million Flask-Session sessions in a real Redis: the time from the command
    /// to its first screen (connect, detect, first SCAN page, render), and the peak resident
    /// memory of a whole headless pass (`attach --headless --json`, every session counted) run
    /// as a child process.
    func attach() throws -> [(String, Double)] {
        let server = try RedisServerProcess()
        defer { server.stop() }
        let count = 1_000_000
        try fillFlaskSessions(port: server.port, count: count)
        let url = try RedisURL(parsing: server.url)

        var firstScreen: [Double] = []
        for _ in 0..<3 {
            var shown = 0
            let seconds = try Stopwatch.seconds {
                let reader = try RedisSessionReader(url: url, format: .auto)
                let feed = AttachFeed(reader: reader, url: server.url, limit: 1000, everyMilliseconds: 1000)
                feed.start()
                defer {
                    feed.stop()
                    usleep(50_000)
                    reader.shutdown()
                }
                while (feed.state.shown?.rows.count ?? 0) == 0 { usleep(1000) }
                let terminal = HeadlessTerminal(width: 120, height: 40)
                let model = AttachModel(
                    label: reader.label, snapshot: feed.state.shown!, everyMilliseconds: 1000, now: Date())
                terminal.present(AttachView.render(model, width: 120, height: 40))
                shown = model.snapshot.rows.count
            }
            firstScreen.append(seconds * 1000)
            log("attach first screen: \(String(format: "%.1f", seconds * 1000)) ms (\(shown) rows)")
        }

        // The whole pass in a child, so its peak RSS is attach's alone.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["attach", server.url, "--headless", "--json"]
        let pipe = Pipe()
        child.standardOutput = pipe
        var output = Data()
        let seconds = try Stopwatch.seconds {
            try child.run()
            output = pipe.fileHandleForReading.readDataToEndOfFile()
            child.waitUntilExit()
        }
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        let rssMB = Double(usage.ru_maxrss) / 1024
        let counted =
            (try? JSONSerialization.jsonObject(with: output) as? [String: Any])?["count"] as? Int ?? -1
        log(
            "attach_first_screen_ms_1m: \(String(format: "%.1f", Stopwatch.median(firstScreen))); "
                + "attach_rss_mb_1m: \(String(format: "%.1f", rssMB)) (headless pass counted \(counted) in "
                + "\(String(format: "%.1f", seconds)) s)")
        return [
            ("attach_first_screen_ms_1m", Stopwatch.median(firstScreen)), ("attach_rss_mb_1m", rssMB),
            ("attach_headless_s_1m", seconds),
        ]
    }

    /// A million `session:<sid>` keys as Flask-Session writes them (msgpack, 31-day TTL),
    /// pipelined 10,000 at a time.
    private func fillFlaskSessions(port: Int32, count: Int) throws {
        let connection = RedisConnection(host: "127.0.0.1", port: port, timeoutMilliseconds: 30_000)
        defer { connection.disconnect() }
        let batch = 10_000
        var start = 0
        while start < count {
            var commands: [[[UInt8]]] = []
            commands.reserveCapacity(batch)
            for i in start..<min(count, start + batch) {
                let user = Array("user\(i)".utf8)
                // {"_permanent": true, "user": "user<i>"}
                let value: [UInt8] =
                    [0x82, 0xaa] + Array("_permanent".utf8) + [0xc3, 0xa4] + Array("user".utf8)
                    + [0xa0 | UInt8(user.count)] + user
                commands.append([
                    Array("SET".utf8), Array("session:bench-\(String(i, radix: 16))".utf8), value, Array("EX".utf8),
                    Array("2678400".utf8),
                ])
            }
            _ = try connection.rawPipeline(commands)
            start += batch
        }
    }
}
