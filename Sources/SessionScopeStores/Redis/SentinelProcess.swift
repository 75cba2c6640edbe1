import Foundation
import Glibc
import SessionScopeCore

/// One real `redis-sentinel` (Debian package `redis-sentinel`) watching the primary of a
/// `RedisTopology`, on a free loopback port with its own directory and configuration file
/// (Sentinel rewrites it as it learns). Started and stopped like `RedisServerProcess`: it
/// dies with sessionscope.
final class SentinelProcess {
    /// The name the sentinels know the primary by (`SENTINEL get-master-addr-by-name`).
    static let masterName = "sessionscope"
    /// How the sentinels are configured (recorded in DECISIONS.md): three of them, two must
    /// agree that the primary is down; it is down after one second without an answer, so a
    /// failover takes a few seconds; a failover that makes no progress is given up after five.
    static let count = 3
    static let quorum = 2
    static let downAfterMilliseconds = 1000
    static let failoverTimeoutMilliseconds = 5000

    let port: Int32
    let directory: URL
    private(set) var processIdentifier: Int32 = 0

    /// Starts a sentinel that monitors the primary at 127.0.0.1:`primaryPort`, or throws a
    /// message saying what to install.
    init(primaryPort: Int32) throws {
        guard let executable = RedisServerProcess.findExecutable("redis-sentinel") else {
            throw StoreError(
                operation: "start redis-sentinel",
                cause: "redis-sentinel is not installed; install it with `sudo apt-get install redis-sentinel`")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sessionscope-redis-\(getpid())-sentinel-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        ChildProcesses.register(directory: directory.path)
        var lastError: (any Error)?
        for _ in 0..<5 {
            let candidate = try RedisServerProcess.freePort()
            let file = directory.appendingPathComponent("sentinel.conf")
            do {
                try Self.configuration(port: candidate, primaryPort: primaryPort, directory: directory)
                    .write(to: file, atomically: true, encoding: .utf8)
                processIdentifier = try ChildProcess.spawn(
                    executable, arguments: [file.path],
                    output: directory.appendingPathComponent("sentinel.log").path)
                if Self.waitUntilAnswering(port: candidate, pid: processIdentifier) {
                    port = candidate
                    return
                }
                Glibc.kill(processIdentifier, SIGKILL)
                var status: Int32 = 0
                while waitpid(processIdentifier, &status, 0) == -1 && errno == EINTR {}
                ChildProcesses.unregister(processIdentifier)
                processIdentifier = 0
                lastError = StoreError(
                    operation: "start redis-sentinel", cause: "redis-sentinel did not answer on port \(candidate)")
            } catch {
                lastError = error
            }
        }
        try? FileManager.default.removeItem(at: directory)
        ChildProcesses.unregister(directory: directory.path)
        throw lastError ?? StoreError(operation: "start redis-sentinel", cause: "no free port")
    }

    deinit { stop() }

    static func configuration(port: Int32, primaryPort: Int32, directory: URL) -> String {
        """
        port \(port)
        bind 127.0.0.1
        protected-mode no
        daemonize no
        dir "\(directory.path)"
        logfile ""
        sentinel monitor \(masterName) 127.0.0.1 \(primaryPort) \(quorum)
        sentinel down-after-milliseconds \(masterName) \(downAfterMilliseconds)
        sentinel failover-timeout \(masterName) \(failoverTimeoutMilliseconds)
        sentinel parallel-syncs \(masterName) 2

        """
    }

    /// Stops the sentinel and removes its directory.
    func stop() {
        terminate(signal: SIGTERM)
        try? FileManager.default.removeItem(at: directory)
        ChildProcesses.unregister(directory: directory.path)
    }

    private func terminate(signal: Int32) {
        guard processIdentifier != 0 else { return }
        Glibc.kill(processIdentifier, signal)
        var status: Int32 = 0
        while waitpid(processIdentifier, &status, 0) == -1 && errno == EINTR {}
        ChildProcesses.unregister(processIdentifier)
        processIdentifier = 0
    }

    private static func waitUntilAnswering(port: Int32, pid: Int32) -> Bool {
        let connection = RedisConnection(host: "127.0.0.1", port: port, timeoutMilliseconds: 200)
        for _ in 0..<100 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { return false }
            if (try? connection.command(["PING"])) == .status("PONG") { return true }
            usleep(50_000)
        }
        return false
    }

    /// A connection to ask this sentinel.
    func connection() -> RedisConnection {
        RedisConnection(host: "127.0.0.1", port: port, timeoutMilliseconds: 500)
    }
}
