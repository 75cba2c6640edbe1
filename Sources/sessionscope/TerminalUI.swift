import ArgumentParser
import Foundation
import SessionScopeCore
import SessionScopeCurses
import SessionScopeScenario
import SessionScopeStores
import SessionScopeUI

/// Starts the ncurses UI on a timeline, and makes sure the terminal is given back whatever
/// ends the program: quit, Ctrl-C, SIGTERM, SIGHUP or a crash signal.
enum TerminalUI {
    /// Fails unless standard input and output are a terminal; called before anything is
    /// started (a private redis-server, a SQLite file) for a UI that could not run.
    static func requireTerminal() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            printError(
                "sessionscope: standard input and output must be a terminal for the terminal UI; for a transcript "
                    + "use: sessionscope replay FILE --headless"
            )
            throw ExitCode(2)
        }
    }

    /// Runs the UI; `notice` is shown on its status line at the start (a warning that standard
    /// error could not show while the UI has the screen).
    static func run(
        timeline: Timeline, isReplay: Bool, language: String, noColor: Bool, stores: StoreProvider,
        notice: String? = nil
    ) throws {
        try requireTerminal()
        installSignalHandlers()
        let colors = !noColor && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        var model = AppModel(timeline: timeline, isReplay: isReplay, language: language, colors: colors)
        if let notice { model.message = (notice, false) }
        model.readUsedMemory = { store in (store as? RedisStore).flatMap { try? $0.usedMemory() } }
        let terminal = CursesTerminal(colors: colors, mouse: true)
        let app = App(
            model: model, terminal: terminal,
            realMilliseconds: { UInt64(ProcessInfo.processInfo.systemUptime * 1000) },
            writeFile: writeScenario, fileExists: { FileManager.default.fileExists(atPath: $0) })
        app.takesWaitingKeysTogether = true
        app.run()
        app.shutdown()
        stores.shutdown()
    }

    /// Writes a recorded scenario; a failure says why in one line ("No such file or directory").
    static func writeScenario(path: String, text: String) throws {
        guard let file = fopen(path, "w") else { throw WriteFailure(reason: String(cString: strerror(errno))) }
        defer { fclose(file) }
        guard fputs(text, file) >= 0 else { throw WriteFailure(reason: String(cString: strerror(errno))) }
    }

    struct WriteFailure: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    /// Quit signals restore the terminal and exit; crash signals restore it and re-raise,
    /// so the crash is still reported.
    static func installSignalHandlers() {
        // Classic handlers, not the dispatch sources of the other commands: they run on the
        // thread the signal interrupts, so ncurses is restored by the thread that drives it.
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            Foundation.signal(signal) { number in
                CursesTerminal.restore()
                ChildProcesses.terminateAllInSignalHandler()
                _exit(128 + number)
            }
        }
        for signal in [SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP] {
            Foundation.signal(signal) { number in
                CursesTerminal.restore()
                ChildProcesses.killAllNow()
                Foundation.signal(number, SIG_DFL)
                raise(number)
            }
        }
    }
}

/// A command that may run a terminal UI. Its quit signals are handled on the thread they
/// interrupt, which restores the terminal (ncurses is not to be touched from another
/// thread), instead of by the dispatch sources of `ChildProcesses.installQuitHandlers`.
protocol DrivesTerminal {
    var drivesTerminal: Bool { get }
}

extension Interactive: DrivesTerminal {
    var drivesTerminal: Bool { true }
}

extension Replay: DrivesTerminal {
    var drivesTerminal: Bool { !headless && export == nil }
}

extension Attach: DrivesTerminal {
    var drivesTerminal: Bool { !headless && !json }
}
