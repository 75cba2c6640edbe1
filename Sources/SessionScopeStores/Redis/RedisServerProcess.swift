import Foundation
import Glibc
import SessionScopeCore

/// A private `redis-server` on a free loopback port with a temporary directory, started
/// when no `--redis URL` is given (and by the tests), stopped on exit. Persistence is off:
/// the sessions of a run are worth nothing after it.
public final class RedisServerProcess {
    public let port: Int32
    public let directory: URL
    private var process: Process?

    /// Starts a server, or throws a message saying what to install.
    public init() throws {
        guard let executable = Self.findExecutable("redis-server") else {
            throw StoreError(operation: "start redis-server",
                             cause: "redis-server is not installed; install it with `sudo apt-get install redis-server` or pass --redis redis://HOST:PORT")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sessionscope-redis-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var lastError: (any Error)?
        for _ in 0..<5 {
            let candidate = try Self.freePort()
            do {
                process = try Self.launch(executable, port: candidate, directory: directory)
                port = candidate
                ChildProcesses.register(process!.processIdentifier)
                return
            } catch {
                lastError = error
            }
        }
        try? FileManager.default.removeItem(at: directory)
        throw lastError ?? StoreError(operation: "start redis-server", cause: "no free port")
    }

    deinit { stop() }

    /// `redis://127.0.0.1:PORT`.
    public var url: String { "redis://127.0.0.1:\(port)" }

    public var isRunning: Bool { process?.isRunning ?? false }

    public var processIdentifier: Int32? { process?.processIdentifier }

    /// Stops the server and removes its directory.
    public func stop() {
        terminate(signal: SIGTERM)
        try? FileManager.default.removeItem(at: directory)
    }

    /// Kills the process at once (SIGKILL), as a crash would; the directory stays for a restart.
    public func kill() { terminate(signal: SIGKILL) }

    /// Starts the server again on the same port, empty.
    public func restart() throws {
        terminate(signal: SIGTERM)
        guard let executable = Self.findExecutable("redis-server") else { throw StoreError(operation: "restart", cause: "redis-server vanished") }
        process = try Self.launch(executable, port: port, directory: directory)
        ChildProcesses.register(process!.processIdentifier)
    }

    private func terminate(signal: Int32) {
        guard let process, process.isRunning else { return }
        Glibc.kill(process.processIdentifier, signal)
        process.waitUntilExit()
        ChildProcesses.unregister(process.processIdentifier)
    }

    private static func launch(_ executable: String, port: Int32, directory: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--port", String(port), "--bind", "127.0.0.1", "--dir", directory.path,
                             "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "",
                             "--protected-mode", "yes"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Ready when it answers PING (up to 5 s).
        let connection = RedisConnection(host: "127.0.0.1", port: port, timeoutMilliseconds: 200)
        for _ in 0..<100 {
            if !process.isRunning { break }
            if (try? connection.command(["PING"])) == .status("PONG") { return process }
            usleep(50_000)
        }
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        throw StoreError(operation: "start redis-server", cause: "redis-server did not answer on port \(port)")
    }

    /// A port the kernel says is free on 127.0.0.1 right now.
    static func freePort() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StoreError(operation: "find a port", cause: String(cString: strerror(errno))) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw StoreError(operation: "find a port", cause: String(cString: strerror(errno))) }
        return Int32(UInt16(bigEndian: address.sin_port))
    }

    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/sbin", "/usr/bin"] {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Child processes to stop when sessionscope is interrupted, so a private redis-server never
/// outlives it (Ctrl-C, SIGTERM, SIGHUP).
public enum ChildProcesses {
    nonisolated(unsafe) static var pids: [Int32] = []
    private static let lock = NSLock()

    static func register(_ pid: Int32) { lock.withLock { pids.append(pid) } }
    static func unregister(_ pid: Int32) { lock.withLock { pids.removeAll { $0 == pid } } }

    /// Sends SIGTERM to every registered child. Safe to call from a signal handler's path.
    public static func terminateAll() {
        for pid in pids { Glibc.kill(pid, SIGTERM) }
    }
}
