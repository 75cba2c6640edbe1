import Foundation
import Glibc

/// What sessionscope must undo when it stops, whatever stops it: the child processes it
/// started and the temporary directories they use. Ctrl-C, SIGTERM and SIGHUP run
/// `terminateAll` in ordinary code (see `installQuitHandlers`), so the directories can be
/// removed too; a SIGKILL leaves only the directories, which the next run removes
/// (`removeLeftovers`), since the children die with us (`ChildProcess`).
public enum ChildProcesses {
    nonisolated(unsafe) static var pids: [Int32] = []
    nonisolated(unsafe) static var directories: [String] = []
    private static let lock = NSLock()

    static func register(_ pid: Int32) { lock.withLock { pids.append(pid) } }
    /// Forgets a child that was stopped and reaped (its pid may be reused).
    public static func unregister(_ pid: Int32) { lock.withLock { pids.removeAll { $0 == pid } } }
    /// A directory to remove when sessionscope stops (a child's working directory).
    public static func register(directory: String) { lock.withLock { directories.append(directory) } }
    public static func unregister(directory: String) { lock.withLock { directories.removeAll { $0 == directory } } }

    /// Stops every registered child (SIGTERM, then SIGKILL after a second) and removes every
    /// registered directory. Not for a signal handler: use `killAllNow` there.
    public static func terminateAll() {
        let (children, folders) = lock.withLock { (pids, directories) }
        for pid in children { Glibc.kill(pid, SIGTERM) }
        for pid in children { waitOrKill(pid) }
        for folder in folders { try? FileManager.default.removeItem(atPath: folder) }
        lock.withLock {
            pids.removeAll()
            directories.removeAll()
        }
    }

    /// For a quit signal's handler that must run on the interrupted thread (the terminal UI:
    /// ncurses is not to be touched from another thread): SIGTERM to every child, wait for
    /// each, and remove their (empty) directories. Only async-signal-safe calls: `kill`,
    /// `waitpid`, `rmdir`. A directory that is not empty is left to the next run
    /// (`removeLeftovers`).
    public static func terminateAllInSignalHandler() {
        for pid in pids { Glibc.kill(pid, SIGTERM) }
        var status: Int32 = 0
        for pid in pids { while waitpid(pid, &status, 0) == -1 && errno == EINTR {} }
        for directory in directories { _ = directory.withCString { rmdir($0) } }
    }

    /// Sends SIGKILL to every registered child; only async-signal-safe calls, for the crash
    /// signals' handlers.
    public static func killAllNow() {
        for pid in pids { Glibc.kill(pid, SIGKILL) }
    }

    /// Runs `terminateAll` and exits with 128 + the signal's number, on SIGINT, SIGTERM,
    /// SIGHUP and SIGQUIT (or the handler given to `handleQuit`). The signals are taken by a
    /// dispatch source, so the clean-up runs as ordinary code, not inside a signal handler.
    /// The terminal UI does not use this: ncurses must be restored by the thread it runs on.
    /// Calling it again changes nothing; the sources are made once.
    public static func installQuitHandlers() {
        lock.withLock {
            guard sources.isEmpty else { return }
            for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
                Glibc.signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: quitQueue)
                source.setEventHandler {
                    lock.withLock { quitting = true }
                    if let handler = lock.withLock({ quitHandler }) { handler(number) }
                    terminateAll()
                    _exit(128 + number)
                }
                source.resume()
                sources.append(source)
            }
        }
    }

    /// A command that ends in its own way on a quit signal (live mode stops its cluster,
    /// writes its recording and exits 0) installs the quit handlers and then this; it never
    /// returns, or the default clean-up follows.
    public static func handleQuit(with handler: @escaping @Sendable (Int32) -> Void) {
        installQuitHandlers()
        lock.withLock { quitHandler = handler }
    }

    /// Called on the way out of a command: while a quit signal's clean-up runs, the command's
    /// own ending (say, an error caused by the redis-server the clean-up just stopped) must
    /// not race it to the exit status, so this waits for the clean-up's exit.
    public static func waitIfQuitting() {
        guard lock.withLock({ quitting }) else { return }
        while true { pause() }
    }

    nonisolated(unsafe) private static var quitting = false
    nonisolated(unsafe) private static var quitHandler: (@Sendable (Int32) -> Void)?
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []
    /// One serial queue: two signals at once run one clean-up, then exit.
    private static let quitQueue = DispatchQueue(label: "sessionscope-quit")

    /// Removes `$TMPDIR/PREFIX<pid>-...` directories whose process is gone (a run that was
    /// killed with SIGKILL could not remove its own).
    public static func removeLeftovers(prefix: String) {
        let temporary = FileManager.default.temporaryDirectory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporary.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let pid = Int32(rest.prefix { $0.isNumber }), pid != getpid() else { continue }
            // Alive (or not ours to signal): leave it.
            if Glibc.kill(pid, 0) == 0 || errno == EPERM { continue }
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
    }

    private static func waitOrKill(_ pid: Int32) {
        var status: Int32 = 0
        for _ in 0..<100 {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result == -1 && errno == ECHILD) { return }
            usleep(10_000)
        }
        Glibc.kill(pid, SIGKILL)
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }
}
