import Foundation
import SessionScopeLive

/// `bench --only live`: the live cluster under wrk beside nginx in the same topology.
///
/// - `live_requests_per_s`, `live_p99_ms`: wrk, one thread, 50 connections, 10 s, `GET /me`
///   with a logged-in cookie, through the built-in balancer and one server.
/// - `nginx_proxy_requests_per_s`: nginx alone (one worker), `proxy_pass` with upstream
///   keepalive in front of a server block answering a static 200; same run, same wrk.
enum LiveBench {
    static let duration = "10s"
    /// Rounds of each (live, then nginx); each figure keeps its best round.
    static let rounds = 2

    static func run(log: (String) -> Void) throws -> [(String, Double)] {
        guard let wrk = which("wrk") else { throw BenchError("wrk is not installed (Debian package wrk)") }
        guard let nginx = which("nginx") else { throw BenchError("nginx is not installed (Debian package nginx)") }

        var options = LiveCluster.Options()
        options.port = 0
        options.settings.servers = 1
        options.recording = false
        options.reportsRequests = false
        let live = try LiveCluster.start(options: options, observer: { _ in })
        defer { live.shutdown() }
        // An outside client logs in (as wrk's requests are then that client's).
        let login = try runTool(
            "/usr/bin/curl", ["-s", "-i", "-d", "user=alice&password=secret", live.url + "/login"])
        guard let cookie = login.split(separator: "\r\n").first(where: { $0.hasPrefix("Set-Cookie: SID=") }),
            let sid = cookie.dropFirst("Set-Cookie: SID=".count).split(separator: ";").first
        else { throw BenchError("the benchmark's login got no session cookie:\n\(login)") }
        // Alternating rounds, each figure its best round: the machine's load varies over a
        // minute, and the two servers should meet the same load.
        var liveRun = (requests: 0.0, p99: 0.0)
        var nginxRun = (requests: 0.0, p99: 0.0)
        for _ in 0..<rounds {
            let liveRound = try wrkRun(wrk, url: live.url + "/me", cookie: "SID=\(sid)")
            if liveRound.requests > liveRun.requests { liveRun = liveRound }
            let nginxRound = try NginxProxy.measure(nginx) { url in try wrkRun(wrk, url: url, cookie: nil) }
            if nginxRound.requests > nginxRun.requests { nginxRun = nginxRound }
        }
        log("live_requests_per_s \(Int(liveRun.requests)) (p99 \(liveRun.p99) ms; wrk -t1 -c50 -d\(duration), GET /me)")
        log("nginx_proxy_requests_per_s \(Int(nginxRun.requests)) (p99 \(nginxRun.p99) ms)")
        let ratio = liveRun.requests / max(1, nginxRun.requests)
        log("live_over_nginx_proxy \(String(format: "%.2f", ratio))")
        return [
            ("live_requests_per_s", liveRun.requests), ("live_p99_ms", liveRun.p99),
            ("nginx_proxy_requests_per_s", nginxRun.requests), ("nginx_proxy_p99_ms", nginxRun.p99),
            ("live_over_nginx_proxy", ratio),
        ]
    }

    /// One wrk run: requests per second and the 99th percentile latency in ms.
    static func wrkRun(_ wrk: String, url: String, cookie: String?) throws -> (requests: Double, p99: Double) {
        var arguments = ["-t1", "-c50", "-d\(duration)", "--latency"]
        if let cookie { arguments += ["-H", "Cookie: \(cookie)"] }
        let output = try runTool(wrk, arguments + [url])
        var requests = 0.0
        var p99 = 0.0
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.first == "Requests/sec:", fields.count > 1 { requests = Double(fields[1]) ?? 0 }
            if fields.first == "99%", fields.count > 1 { p99 = milliseconds(String(fields[1])) }
            if line.contains("Non-2xx") { throw BenchError("wrk saw errors: \(line)") }
        }
        guard requests > 0 else { throw BenchError("wrk printed no rate:\n\(output)") }
        return (requests, p99)
    }

    /// `2.31ms`, `850.00us`, `1.02s` → milliseconds.
    static func milliseconds(_ text: String) -> Double {
        if text.hasSuffix("us") { return (Double(text.dropLast(2)) ?? 0) / 1000 }
        if text.hasSuffix("ms") { return Double(text.dropLast(2)) ?? 0 }
        if text.hasSuffix("s") { return (Double(text.dropLast(1)) ?? 0) * 1000 }
        return Double(text) ?? 0
    }

    static func which(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
        return directories.map { "\($0)/\(tool)" }.first { access($0, X_OK) == 0 }
    }

    static func runTool(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// nginx, one worker, in a private temporary directory: `proxy_pass` with upstream
/// keepalive to a server block of its own that answers a static 200.
enum NginxProxy {
    static func measure<T>(_ nginx: String, _ body: (String) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sessionscope-bench-nginx-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let front = try freePort()
        let back = try freePort()
        let config = """
            worker_processes 1;
            daemon off;
            pid \(directory.path)/nginx.pid;
            error_log \(directory.path)/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path \(directory.path)/body;
                proxy_temp_path \(directory.path)/proxy;
                fastcgi_temp_path \(directory.path)/fastcgi;
                uwsgi_temp_path \(directory.path)/uwsgi;
                scgi_temp_path \(directory.path)/scgi;
                upstream app { server 127.0.0.1:\(back); keepalive 64; }
                server {
                    listen 127.0.0.1:\(front);
                    location / {
                        proxy_pass http://app;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                    }
                }
                server {
                    listen 127.0.0.1:\(back);
                    location / { return 200 "ok\\n"; }
                }
            }

            """
        let file = directory.appendingPathComponent("nginx.conf")
        try Data(config.utf8).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: nginx)
        process.arguments = [
            "-c", file.path, "-p", directory.path, "-e", directory.appendingPathComponent("error.log").path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        // Wait until it answers.
        for _ in 0..<100 {
            if (try? LiveBench.runTool("/usr/bin/curl", ["-s", "-o", "/dev/null", "http://127.0.0.1:\(front)/"]))
                != nil,
                canConnect(front)
            {
                break
            }
            usleep(50_000)
        }
        return try body("http://127.0.0.1:\(front)/")
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw BenchError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func canConnect(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
