import Foundation
import Glibc
import SessionScopeStores

/// A real nginx or HAProxy in front of the live servers: its private temporary directory
/// (`$TMPDIR/sessionscope-engine-PID-...`, removed on exit), its generated configuration,
/// and its one process, spawned with `ChildProcess` so that it dies with sessionscope.
public final class EngineProcess: @unchecked Sendable {
    public let engine: LiveEngine
    public let executable: String
    /// The private temporary directory (configuration, pid file, logs, temporary files).
    public let directory: String
    /// The running process's pid; 0 when it is not running.
    public private(set) var processIdentifier: Int32 = 0
    /// The configuration it runs now.
    public private(set) var config: EngineConfig?

    static let directoryPrefix = "sessionscope-engine-"

    /// Finds the engine's program and makes its directory; a missing program names its
    /// Debian package (`LiveError`, usage).
    public init(engine: LiveEngine) throws {
        self.engine = engine
        self.executable = try Self.locate(engine)
        ChildProcesses.removeLeftovers(prefix: Self.directoryPrefix)
        directory = Self.directoryPath()
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw LiveError(message: "cannot create \(directory): \(error.localizedDescription)", isUsage: false)
        }
        ChildProcesses.register(directory: directory)
    }

    /// `$TMPDIR/sessionscope-engine-PID-RANDOM` (its path is in the configuration).
    public static func directoryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(directoryPrefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        ).path
    }

    /// Writes `config` and starts the engine (stopping the one that runs); returns once it
    /// accepts connections at its address, or throws with what the engine said.
    public func start(_ config: EngineConfig, tls: LiveTLS? = nil) throws {
        if config.tls, let tls {
            // Only the engine reads them, in its private directory (removed on exit).
            let files = [
                ("tls.crt", tls.certificatePEM), ("tls.key", tls.keyPEM),
                ("tls.pem", tls.certificatePEM + (tls.certificatePEM.hasSuffix("\n") ? "" : "\n") + tls.keyPEM),
            ]
            for (name, text) in files {
                let path = directory + "/" + name
                guard
                    FileManager.default.createFile(
                        atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
                else { throw LiveError(message: "cannot write \(path)", isUsage: false) }
            }
        }
        stop()
        let file = directory + "/" + config.fileName
        let output = directory + "/output.log"
        do {
            try Data(config.text.utf8).write(to: URL(fileURLWithPath: file))
        } catch {
            throw LiveError(message: "cannot write \(file): \(error.localizedDescription)", isUsage: false)
        }
        let arguments: [String]
        switch engine {
        case .nginx: arguments = ["-e", directory + "/error.log", "-p", directory + "/", "-c", file]
        case .haproxy: arguments = ["-db", "-f", file]
        case .builtin: arguments = []
        }
        let pid: Int32
        do { pid = try ChildProcess.spawn(executable, arguments: arguments, output: output) } catch {
            throw LiveError(message: "cannot start \(engine.rawValue): \(error)", isUsage: false)
        }
        processIdentifier = pid
        self.config = config
        let host = config.host == "0.0.0.0" ? "127.0.0.1" : config.host
        for _ in 0..<200 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { break }  // it exited: a bad configuration, a taken port
            if Self.accepts(host: host, port: config.port) { return }
            usleep(25_000)
        }
        stop()
        let said = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        let log = (try? String(contentsOfFile: directory + "/error.log", encoding: .utf8)) ?? ""
        let reason = (said + log).split(separator: "\n").suffix(3).joined(separator: "\n")
        throw LiveError(
            message: "\(engine.rawValue) did not start listening on \(config.host):\(config.port)"
                + (reason.isEmpty ? "" : ":\n" + reason),
            isUsage: true)
    }

    /// Stops the process (SIGTERM, SIGKILL after a second) and waits for it.
    public func stop() {
        let pid = processIdentifier
        guard pid != 0 else { return }
        processIdentifier = 0
        Glibc.kill(pid, SIGTERM)
        var status: Int32 = 0
        var gone = false
        for _ in 0..<100 {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result == -1 && errno == ECHILD) {
                gone = true
                break
            }
            usleep(10_000)
        }
        if !gone {
            Glibc.kill(pid, SIGKILL)
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        }
        ChildProcesses.unregister(pid)
    }

    /// Stops the process and removes the directory.
    public func remove() {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
        ChildProcesses.unregister(directory: directory)
    }

    /// Whether a TCP connection to `host:port` is accepted now.
    static func accepts(host: String, port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = socketAddress(host: host, port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Binds `host:port` for a moment: the port the engine will take, `0` picking a free
    /// one; nil when it is taken (or the address is not this machine's).
    public static func reserve(host: String, port: Int) -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = socketAddress(host: host, port: port)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && Glibc.listen(fd, 1) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    private static func socketAddress(host: String, port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr(host)
        return address
    }

    /// Where the engine's program is, among `directories`; when it is not there, a usage
    /// `LiveError` naming the Debian package to install.
    public static func locate(_ engine: LiveEngine, searching directories: [String] = searchPath) throws -> String {
        guard let package = engine.debianPackage else {
            throw LiveError(message: "the builtin engine is no process", isUsage: true)
        }
        for dir in directories {
            let candidate = "\(dir)/\(engine.rawValue)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw LiveError(
            message: "--engine \(engine.rawValue): \(engine.rawValue) is not installed; install the Debian package "
                + "`\(package)` (sudo apt-get install \(package))",
            isUsage: true)
    }

    /// `$PATH`, then /usr/sbin and /sbin: Debian puts nginx and haproxy there, and they are
    /// not on every user's `PATH`.
    public static var searchPath: [String] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
    }
}
