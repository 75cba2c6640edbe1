import ArgumentParser
import SessionScopeScenario

/// `sessionscope list`: the bundled walkthroughs with their titles.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the bundled classroom walkthroughs (replay one with: sessionscope replay NAME).")

    func run() throws {
        let files = ScenarioFiles.bundled()
        guard !files.isEmpty else {
            printError(
                "sessionscope: no bundled walkthroughs found (set SESSIONSCOPE_SCENARIOS to the Scenarios folder)")
            throw ExitCode(1)
        }
        let names = files.map { $0.deletingPathExtension().lastPathComponent }
        let width = names.map(\.count).max() ?? 0
        for (name, url) in zip(names, files) {
            let title = (try? ScenarioFiles.load(url.path))?.title ?? ""
            print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + title)
        }
    }
}
