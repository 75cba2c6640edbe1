import ArgumentParser
import SessionScopeCore
import SessionScopeScenario

/// The interactive terminal UI (the default command).
struct Interactive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "The interactive terminal UI (the default when no subcommand is given).")

    @OptionGroup var cluster: ClusterOptions
    @Option(help: "Narration language: a two-letter code (en, ko, ...).")
    var lang = "en"
    @Flag(help: "No colours (also when NO_COLOR is set); symbols and attributes still mark state.")
    var noColor = false

    func validate() throws { try ScenarioFiles.checkLanguageCode(lang) }

    func run() throws {
        try TerminalUI.requireTerminal()
        let stores = cluster.storeProvider()
        stores.requireReachable = false
        defer { stores.shutdown() }
        let timeline: Timeline
        do {
            timeline = try Timeline(file: "interactive", settings: cluster.settings, storeFactory: stores.make)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        try TerminalUI.run(
            timeline: timeline, isReplay: false, language: lang, noColor: noColor, stores: stores,
            notice: ScenarioFiles.interactiveLanguageWarning(lang))
    }
}
