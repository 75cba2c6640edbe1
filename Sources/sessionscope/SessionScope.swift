import ArgumentParser
import Foundation
import SessionScopeStores

/// The `sessionscope` command: the terminal UI by default, and the subcommands of
/// docs/command-line.md.
@main
struct SessionScope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessionscope",
        abstract: "Watch web sessions work: cookie jars, a load balancer, app servers and session stores.",
        discussion: """
            Without a subcommand, starts the interactive terminal UI on a cluster built from the \
            options below. Scenarios (*.scn) drive the same world from a file: see `replay` and `check`.
            """,
        subcommands: [
            Interactive.self, Replay.self, Check.self, Compare.self, List.self, Cookies.self, Bench.self, Live.self,
            Attach.self,
        ],
        defaultSubcommand: Interactive.self)

    /// Argument errors exit with 2, as the command-line contract says (not ArgumentParser's 64).
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, !first.hasPrefix("-"), first != "help", !subcommandNames.contains(first) {
            printError(
                "sessionscope: unknown subcommand '\(first)'; the subcommands are "
                    + "\(subcommandNames.joined(separator: ", ")) (see sessionscope --help)")
            Foundation.exit(2)
        }
        if RootHelp.isRequested(arguments) {
            print(RootHelp.text())
            Foundation.exit(0)
        }
        do {
            var command = try parseAsRoot()
            // A private redis-server must not outlive us, whatever ends the process, nor its
            // temporary directory. A command that drives the terminal installs handlers of
            // its own that restore it (`TerminalUI.installSignalHandlers`).
            if !((command as? DrivesTerminal)?.drivesTerminal ?? false) { ChildProcesses.installQuitHandlers() }
            try command.run()
            ChildProcesses.waitIfQuitting()
        } catch {
            ChildProcesses.waitIfQuitting()
            let code = exitCode(for: error)
            if code == .validationFailure || error is ValidationError {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

extension SessionScope {
    /// The subcommands' names, as typed.
    static var subcommandNames: [String] { configuration.subcommands.map { $0._commandName } }
}

/// Prints to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
