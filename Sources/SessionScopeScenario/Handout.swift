import SessionScopeCore

/// A Markdown handout of a replay: for each chapter (the statements between `pause`s) the
/// narration in the chosen language, the exchanges and transitions, and the state tables at
/// the chapter's end.
public struct Handout {
    public var language: String
    public var showLatency: Bool

    public init(language: String = "en", showLatency: Bool = false) {
        self.language = language
        self.showLatency = showLatency
    }

    /// Runs the scenario and returns the handout.
    public func render(
        _ scenario: Scenario, overrides: [(String, String)] = [],
        storeFactory: @escaping StoreFactory = inMemoryStore
    ) throws(Diagnostic) -> String {
        var run = try ScenarioRun(scenario: scenario, overrides: overrides, storeFactory: storeFactory)
        let visible = NarrationFilter.visible(scenario.statements, language: language)
        let transcript = Transcript(scenario: scenario, language: language, showLatency: showLatency)
        var out = "# \(scenario.title ?? scenario.file)\n\n"
        var chapter = 1
        var narration: [String] = []
        var trace: [String] = []

        func closeChapter(_ world: World, name: String? = nil) {
            guard !narration.isEmpty || !trace.isEmpty else { return }
            // "1장", never "장 1": the number comes first in Korean.
            let heading = language == "ko" ? "\(chapter)장" : "Chapter \(chapter)"
            out += "## \(heading)\(name.map { ": " + $0 } ?? "")\n\n"
            for paragraph in narration { out += paragraph + "\n\n" }
            if !trace.isEmpty { out += "```text\n" + trace.joined(separator: "\n") + "\n```\n\n" }
            out += stateTables(world)
            chapter += 1
            narration = []
            trace = []
        }

        while let step = try run.step() {
            switch step.statement.kind {
            case .title: continue
            case .pause(let name): closeChapter(run.world, name: name)
            case .say(_, let text): if visible.contains(step.index) { narration.append(text) }
            default: trace += transcript.lines(for: step, file: scenario.file)
            }
        }
        closeChapter(run.world)
        return out
    }

    /// Browsers, servers and the store at this point, as Markdown tables.
    func stateTables(_ world: World) -> String {
        var out = "| browser | open | cookies | last status | user |\n|---|---|---|---|---|\n"
        for browser in world.browsers.prefix(20) {
            let cookies = browser.jar.cookies.map { "`\($0.name)=\(EventText.abbreviate($0.value, limit: 12))`" }
                .joined(separator: " ")
            out +=
                "| \(browser.name) | \(browser.isOpen ? "yes" : "no") | \(cookies.isEmpty ? "–" : cookies) | "
                + "\(browser.last?.status.map(String.init) ?? "–") | \(browser.last?.user ?? "–") |\n"
        }
        if world.browsers.count > 20 { out += "| … \(world.browsers.count - 20) more | | | | |\n" }
        out += "\n| server | up | sessions | memory |\n|---|---|---|---|\n"
        for server in world.servers {
            out +=
                "| \(server.name) | \(server.isUp ? "up" : "down") | \(server.table.count) | "
                + "\(server.table.memoryBytes) B |\n"
        }
        if world.settings.store.isShared {
            out +=
                "\nStore (\(world.settings.store.rawValue)): \(world.storeIsUp ? "up" : "down"), "
                + "\(world.sharedStoreCount().map(String.init) ?? "unreadable") sessions.\n"
        }
        return out + "\n"
    }
}
