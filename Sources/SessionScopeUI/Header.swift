import SessionScopeCore
import SessionScopeScenario

/// The top line: the walkthrough's title and chapter (in a replay), the step and whether a
/// branch is open, the clock, and the cluster. When the window is too narrow for all of it,
/// what is least telling shrinks first: the cluster's summary (the panes and the trace's
/// `cluster` line show it too), then the chapter's name, then the title; the step and the
/// clock are never cut.
enum Header {
    static func text(_ model: AppModel, width: Int = .max) -> String {
        let world = model.world
        let language = model.language
        var title = "sessionscope"
        // Live mode: where students point their browsers.
        let live = model.live.map { "live \($0.url)" }
        var chapterHead: String?
        var chapterName: String?
        var step: String?
        if model.isReplay {
            // In a branch, the walkthrough is the one that counts: its title, chapter and length.
            let walk = model.ui.walkthrough ?? model.timeline
            let statements = walk.statements
            if let walkTitle = Walkthrough.title(statements) { title = walkTitle }
            let chapter = Walkthrough.chapter(statements, position: walk.position)
            if chapter.count > 1 || chapter.name != nil {
                chapterHead = L10n.format("header.chapter", language, chapter.number, chapter.count)
                chapterName = chapter.name
            }
            var text = L10n.format("header.step", language, walk.position, statements.count)
            if model.ui.walkthrough != nil {
                text += " · " + L10n.format("header.branch", language, model.timeline.position - walk.position)
            }
            if model.playing { text += " ▶" }
            step = text
        }
        let clock =
            L10n.text("header.clock", language) + " \(world.clock) "
            + (model.clockRunning ? "▶ \(AppModel.speeds[model.speedIndex])/s" : "⏸")
        var cluster: String? = summary(world.settings)
        func line() -> String {
            let chapter = chapterHead.map { head in chapterName.map { head + " " + $0 } ?? head }
            let parts = [title, live, chapter, step, clock, cluster].compactMap { $0 }
            return " " + parts.joined(separator: " │ ")
        }
        func overflow() -> Int { DisplayWidth.of(line()) - width }
        /// `text` shortened by what does not fit, down to `minimum` columns; nil below that.
        func shortened(_ text: String, minimum: Int) -> String? {
            let room = DisplayWidth.of(text) - overflow()
            return room >= minimum ? DisplayWidth.truncate(text, to: room) : nil
        }
        if overflow() > 0, let text = cluster { cluster = shortened(text, minimum: 16) }
        if overflow() > 0, let name = chapterName { chapterName = shortened(name, minimum: 12) }
        if overflow() > 0 { title = shortened(title, minimum: 20) ?? DisplayWidth.truncate(title, to: 20) }
        if overflow() > 0 { chapterName = nil }
        if overflow() > 0 { title = shortened(title, minimum: 8) ?? DisplayWidth.truncate(title, to: 8) }
        return DisplayWidth.truncate(line(), to: width)
    }

    /// The cluster's summary; a store configured beyond its kind (maxmemory, eviction,
    /// persistence, replicas, sentinel) goes first, since a chapter about it is about that and
    /// a 132-column header cuts the end.
    static func summary(_ settings: ClusterSettings) -> String {
        let words = settings.summary.split(separator: " ").map(String.init)
        let storeKeys = ["store=", "persistence=", "maxmemory=", "eviction=", "replicas=", "sentinel="]
        let storeWords = words.filter { word in storeKeys.contains { word.hasPrefix($0) } }
        guard storeWords.count > 1 else { return settings.summary }
        return (storeWords + words.filter { !storeWords.contains($0) }).joined(separator: " ")
    }
}
