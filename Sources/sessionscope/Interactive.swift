import ArgumentParser
import SessionScopeCore

/// The interactive terminal UI (the default command).
struct Interactive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "The interactive terminal UI (the default when no subcommand is given).")

    @OptionGroup var cluster: ClusterOptions

    func run() throws {
        printError("sessionscope: the terminal UI is not built yet; try: sessionscope replay Scenarios/01-first-visit.scn --headless")
        throw ExitCode(2)
    }
}
