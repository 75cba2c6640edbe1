import ArgumentParser
import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeUI

/// `sessionscope replay FILE [--headless]`.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a scenario: in the terminal UI, or as a transcript with --headless.")

    @Argument(help: "A scenario file (*.scn), or a bundled walkthrough by name, number or a unique part of its name.")
    var file: String
    @Flag(help: "Print the transcript on standard output instead of starting the terminal UI.")
    var headless = false
    @Option(help: "Transcript format with --headless.")
    var format: OutputFormat = .text
    @Option(help: "Narration language (en, ko, ...); English where a line has no translation.")
    var lang = "en"
    @Flag(help: "Leave out measured store latency (it varies from run to run).")
    var noLatency = false
    @Flag(help: "No colours in the terminal UI (also when NO_COLOR is set).")
    var noColor = false
    @Option(
        help: """
            Write a handout instead: md (Markdown: narration, exchanges, state tables per chapter) \
            cast (asciicast v2 with chapter markers), or html (one self-contained page: narration, \
            exchanges and the screen at each pause, in colour; print it to PDF from a browser).
            """)
    var export: ExportFormat?
    @Option(name: .shortAndLong, help: "Where --export writes (default: standard output).")
    var output: String?

    enum ExportFormat: String, CaseIterable, ExpressibleByArgument { case md, cast, html }
    @OptionGroup var cluster: ClusterOptions

    enum OutputFormat: String, CaseIterable, ExpressibleByArgument { case text, jsonl }

    func validate() throws { try ScenarioFiles.checkLanguageCode(lang) }

    mutating func run() throws {
        let scenario: Scenario
        do { scenario = try ScenarioFiles.load(file, overrides: cluster.overrides) } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        if let refusal = RedisRefusal.first(in: scenario, overrides: cluster.overrides, redisURL: cluster.stores.redis)
        {
            printError(refusal.description)
            throw ExitCode(2)
        }
        let languageWarning = ScenarioFiles.languageWarning(lang, for: scenario)
        if export == nil && !headless { try TerminalUI.requireTerminal() }
        // In the terminal UI the warning is on its status line; elsewhere on standard error.
        if let languageWarning, export != nil || headless { printError("sessionscope: warning: " + languageWarning) }
        let stores = cluster.storeProvider()
        defer { stores.shutdown() }
        if let export {
            let text: String
            do {
                switch export {
                case .md:
                    text = try Handout.onScreen(language: lang, showLatency: !noLatency, file: scenario.file).render(
                        scenario, overrides: cluster.overrides, storeFactory: stores.make)
                case .cast:
                    let timeline = try Timeline(
                        file: scenario.file, statements: scenario.statements, overrides: cluster.overrides,
                        storeFactory: stores.make)
                    text = Asciicast.record(timeline: timeline, title: scenario.title ?? scenario.file, language: lang)
                case .html:
                    let timeline = try Timeline(
                        file: scenario.file, statements: scenario.statements, overrides: cluster.overrides,
                        storeFactory: stores.make)
                    text = HTMLHandout.render(scenario: scenario, timeline: timeline, language: lang)
                }
            } catch {
                printError(error.description)
                throw ExitCode(2)
            }
            if let output {
                do { try Data(text.utf8).write(to: URL(fileURLWithPath: output)) } catch {
                    printError("sessionscope: cannot write \(output): \(error.localizedDescription)")
                    throw ExitCode(1)
                }
            } else {
                print(text, terminator: "")
            }
            return
        }
        guard headless else {
            stores.requireReachable = false
            let timeline: Timeline
            do {
                timeline = try Timeline(
                    file: scenario.file, statements: scenario.statements,
                    overrides: cluster.overrides, storeFactory: stores.make)
            } catch {
                printError(error.description)
                throw ExitCode(2)
            }
            try TerminalUI.run(
                timeline: timeline, isReplay: true, language: lang, noColor: noColor, stores: stores,
                notice: languageWarning)
            return
        }
        let transcript = Transcript(scenario: scenario, language: lang, showLatency: !noLatency)
        let json = JSONLines(scenario: scenario, language: lang, showLatency: !noLatency)
        var failed = 0
        do {
            var run = try ScenarioRun(scenario: scenario, overrides: cluster.overrides, storeFactory: stores.make)
            try run.runToEnd { step in
                let lines = format == .text ? transcript.lines(for: step, file: scenario.file) : json.lines(for: step)
                for line in lines { print(line) }
                if let check = step.check, !check.passed { failed += 1 }
            }
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
