import Foundation
import SessionScopeAttach
import SessionScopeCurses
import SessionScopeUI

/// Starts attach's ncurses UI and gives the terminal back however it ends.
enum AttachTerminalUI {
    static func run(reader: any SessionReader, url: String, limit: Int, everyMilliseconds: Int, noColor: Bool) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw AttachError(
                "standard input and output must be a terminal for the terminal UI; for a snapshot use --headless [--json]"
            )
        }
        TerminalUI.installSignalHandlers()
        let colors = !noColor && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        let feed = AttachFeed(reader: reader, url: url, limit: limit, everyMilliseconds: everyMilliseconds)
        feed.start()
        let model = AttachModel(
            label: reader.label, snapshot: AttachSnapshot(url: url, format: reader.format, limit: limit),
            everyMilliseconds: everyMilliseconds, now: Date(), colors: colors)
        let app = AttachApp(model: model, terminal: CursesTerminal(colors: colors), feed: feed)
        app.run()
        app.shutdown()
    }
}
