import Foundation
import Glibc
import SessionScopeCore

/// Starts the real processes sessionscope runs (redis-server today; sentinels, nginx and
/// HAProxy the same way) so that they die with sessionscope, however it ends.
///
/// Each child is started through util-linux's `setpriv --pdeathsig KILL`: the kernel kills
/// it when its parent goes, even by SIGKILL, which no handler of ours could see. Linux sends
/// that signal when the *thread* that spawned the child ends, not the process, so every
/// child is spawned from one thread that lives as long as the process (tests and the UI
/// would otherwise spawn from short-lived pool threads, and the child would die early).
public enum ChildProcess {
    /// Spawns `executable` with `arguments`, standard input from /dev/null and output to
    /// `output` (default /dev/null), no signal blocked and default handlers; registers the
    /// pid with `ChildProcesses` and returns it.
    public static func spawn(_ executable: String, arguments: [String], output: String = "/dev/null") throws -> Int32 {
        guard let setpriv = Self.setpriv else {
            throw StoreError(
                operation: "start \(executable)",
                cause: "setpriv is not installed (Debian package util-linux); it makes children die with sessionscope")
        }
        let argv = [setpriv, "--pdeathsig", "KILL", "--", executable] + arguments
        let result = SpawnThread.shared.run { Self.posixSpawn(argv, output: output) }
        switch result {
        case .success(let pid):
            ChildProcesses.register(pid)
            return pid
        case .failure(let error):
            throw StoreError(operation: "start \(executable)", cause: error.description)
        }
    }

    /// Marks every open descriptor above standard error close-on-exec, so a child inherits
    /// none of them: SwiftNIO's listening sockets are not close-on-exec, and a child holding
    /// a killed server's port would keep it open (its connections would hang instead of
    /// being refused). (glibc's `posix_spawn_file_actions_addclosefrom_np` is not visible
    /// to Swift here.)
    static func markDescriptorsCloseOnExec() {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for name in descriptors {
            guard let fd = Int32(name), fd > 2 else { continue }
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    static let setpriv: String? = ["/usr/bin/setpriv", "/bin/setpriv"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// A failed `posix_spawn`, as `strerror` says it.
    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    private static func posixSpawn(_ argv: [String], output: String) -> Result<Int32, SpawnError> {
        markDescriptorsCloseOnExec()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The calling thread may block signals (dispatch's worker threads do), and a child
        // inherits the mask: it would then ignore our SIGTERM. Start it with none blocked
        // and default handlers.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        let result = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, environ)
        guard result == 0 else { return .failure(SpawnError(description: String(cString: strerror(result)))) }
        return .success(pid)
    }
}

/// The one thread that spawns children, alive as long as the process (see `ChildProcess`).
final class SpawnThread: @unchecked Sendable {
    static let shared = SpawnThread()

    private let condition = NSCondition()
    private var jobs: [() -> Void] = []

    private init() {
        let thread = Thread { [unowned self] in self.serve() }
        thread.name = "sessionscope-spawner"
        thread.start()
    }

    /// Runs `body` on the spawning thread and returns its result.
    func run<T>(_ body: @escaping () -> T) -> T {
        let done = NSCondition()
        var result: T?
        condition.lock()
        jobs.append {
            let value = body()
            done.lock()
            result = value
            done.signal()
            done.unlock()
        }
        condition.signal()
        condition.unlock()
        done.lock()
        while result == nil { done.wait() }
        done.unlock()
        return result!
    }

    private func serve() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}
