import Foundation
import Glibc
import SessionScopeCore

/// A private `redis-server` on a free loopback port with a temporary directory, started
/// when no `--redis URL` is given (and by the tests), stopped on exit. Persistence is off:
/// the sessions of a run are worth nothing after it.
public final class RedisServerProcess {
    public let port: Int32
    public let directory: URL
    private let executable: String
    /// Configuration beyond the defaults, as `--name value` arguments (`--requirepass`, `--user`).
    /// A `var`: a replica promoted by a failover restarts as a primary (`restart(configuration:)`).
    private var configuration: [String]
    /// The running server's pid; 0 when it is not running.
    public private(set) var processIdentifier: Int32 = 0

    /// Starts a server, or throws a message saying what to install. `configuration` adds
    /// redis-server arguments, e.g. `["--requirepass", "secret"]` for a server that wants a password.
    public init(configuration: [String] = []) throws {
        guard let executable = Self.findExecutable("redis-server") else {
            throw StoreError(
                operation: "start redis-server",
                cause:
                    "redis-server is not installed; install it with `sudo apt-get install redis-server` or pass "
                    + "--redis redis://HOST:PORT"
            )
        }
        self.executable = executable
        self.configuration = configuration
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sessionscope-redis-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        ChildProcesses.removeLeftovers(prefix: "sessionscope-redis-")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        ChildProcesses.register(directory: directory.path)
        var lastError: (any Error)?
        for _ in 0..<5 {
            let candidate = try Self.freePort()
            do {
                processIdentifier = try Self.launch(
                    executable, port: candidate, directory: directory, configuration: configuration)
                port = candidate
                return
            } catch {
                lastError = error
            }
        }
        try? FileManager.default.removeItem(at: directory)
        ChildProcesses.unregister(directory: directory.path)
        throw lastError ?? StoreError(operation: "start redis-server", cause: "no free port")
    }

    deinit { stop() }

    /// `redis://127.0.0.1:PORT`.
    public var url: String { "redis://127.0.0.1:\(port)" }

    /// Whether the server keeps an append-only file (1.1, `persistence=aof`).
    public var appendOnly: Bool {
        zip(configuration, configuration.dropFirst()).reversed().first { $0.0 == "--appendonly" }?.1 == "yes"
    }

    /// The arguments the server was started with beyond the fixed ones.
    public var arguments: [String] { configuration }

    public var isRunning: Bool { processIdentifier != 0 && Glibc.kill(processIdentifier, 0) == 0 }

    /// Stops the server and removes its directory.
    public func stop() {
        terminate(signal: SIGTERM)
        try? FileManager.default.removeItem(at: directory)
        ChildProcesses.unregister(directory: directory.path)
    }

    /// Kills the process at once (SIGKILL), as a crash would; the directory stays for a restart.
    public func kill() { terminate(signal: SIGKILL) }

    /// Starts the server again on the same port, empty; with `configuration`, started with it
    /// from now on (the same port and directory).
    public func restart(configuration newConfiguration: [String]? = nil) throws {
        terminate(signal: SIGTERM)
        if let newConfiguration { configuration = newConfiguration }
        processIdentifier = try Self.launch(executable, port: port, directory: directory, configuration: configuration)
    }

    private func terminate(signal: Int32) {
        guard processIdentifier != 0 else { return }
        Glibc.kill(processIdentifier, signal)
        Self.reap(processIdentifier)
        ChildProcesses.unregister(processIdentifier)
        processIdentifier = 0
    }

    /// Waits for the child to exit (ECHILD: someone else reaped it, which is as good).
    private static func reap(_ pid: Int32) {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }

    /// Spawns redis-server (posix_spawn: no Foundation run loop involved) and waits until it
    /// answers PING, for up to 5 s.
    private static func launch(_ executable: String, port: Int32, directory: URL, configuration: [String]) throws
        -> Int32
    {
        let arguments =
            [
                "--port", String(port), "--bind", "127.0.0.1", "--dir", directory.path,
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "/dev/null",
                "--protected-mode", "yes",
            ] + configuration
        let pid = try ChildProcess.spawn(executable, arguments: arguments)
        let connection = RedisConnection(host: "127.0.0.1", port: port, timeoutMilliseconds: 200)
        // Up to 20 s: a server reading a large append-only file answers LOADING meanwhile.
        for _ in 0..<400 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { break }  // it exited: port taken?
            if Self.answers(connection) { return pid }
            usleep(50_000)
        }
        Glibc.kill(pid, SIGKILL)
        reap(pid)
        ChildProcesses.unregister(pid)
        throw StoreError(operation: "start redis-server", cause: "redis-server did not answer on port \(port)")
    }

    /// True when the server answers PING, or refuses it for want of a password (it is up).
    private static func answers(_ connection: RedisConnection) -> Bool {
        do {
            return try connection.command(["PING"]) == .status("PONG")
        } catch {
            return String(describing: error).contains("NOAUTH")
        }
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
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw StoreError(operation: "find a port", cause: String(cString: strerror(errno))) }
        return Int32(UInt16(bigEndian: address.sin_port))
    }

    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
