import SessionScopeCore
import SessionScopeScenario

/// The top line: the walkthrough's title and chapter (in a replay), the step and whether a
/// branch is open, the clock, and the cluster. The most telling parts come first, so a
/// narrow window cuts the cluster summary, never the chapter.
enum Header {
    static func text(_ model: AppModel) -> String {
        let world = model.world
        let language = model.language
        var parts = ["sessionscope"]
        // Live mode: where students point their browsers.
        if let live = model.live { parts.append("live \(live.url)") }
        if model.isReplay {
            // In a branch, the walkthrough is the one that counts: its title, chapter and length.
            let walk = model.ui.walkthrough ?? model.timeline
            let statements = walk.statements
            if let title = Walkthrough.title(statements) {
                parts[0] = DisplayWidth.truncate(title, to: 34)
            }
            let chapter = Walkthrough.chapter(statements, position: walk.position)
            if chapter.count > 1 || chapter.name != nil {
                var text = L10n.format("header.chapter", language, chapter.number, chapter.count)
                if let name = chapter.name { text += " " + DisplayWidth.truncate(name, to: 30) }
                parts.append(text)
            }
            var step = L10n.format("header.step", language, walk.position, statements.count)
            if model.ui.walkthrough != nil {
                step += " · " + L10n.format("header.branch", language, model.timeline.position - walk.position)
            }
            if model.playing { step += " ▶" }
            parts.append(step)
        }
        parts.append(
            L10n.text("header.clock", language) + " \(world.clock) "
                + (model.clockRunning ? "▶ \(AppModel.speeds[model.speedIndex])/s" : "⏸"))
        parts.append(summary(world.settings))
        return " " + parts.joined(separator: " │ ")
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
