import SessionScopeCore
import SessionScopeScenario

/// The narration of the current chapter so far, in the chosen language (English where a line
/// has no translation): earlier lines muted, the latest run plain. The window opens on the
/// start of the latest run, so a stop never shows a blank pane or the middle of a sentence;
/// `{` and `}` scroll through the chapter's history.
enum NarrationPane {
    struct Content {
        var lines: [StyledLine] = []
        /// The index of the first line of the latest run of narration.
        var latestStart = 0
    }

    static func content(_ model: AppModel, width: Int) -> Content {
        var content = narration(model.timeline, model.language, width: width)
        if content.lines.isEmpty, let walk = model.ui.walkthrough {
            // A branch that has no narration of its own keeps the walkthrough's, where it was left.
            content = narration(walk, model.language, width: width)
        }
        if content.lines.isEmpty, model.isReplay {
            // A stop is never blank: say there is nothing to read, and how to go on.
            let key = model.timeline.position == 0 ? "narration.start" : "narration.none"
            content.lines = Format.wrap(L10n.text(key, model.language), width: width).map { StyledLine($0, .muted) }
        }
        return content
    }

    private static func narration(_ timeline: Timeline, _ language: String, width: Int) -> Content {
        let statements = timeline.statements
        let position = timeline.position
        guard position > 0 else { return Content() }
        let chapter = Walkthrough.chapter(statements, position: position)
        // The whole run around the last statement applied, so every language of it counts; a
        // stop (last applied not a `say`) never reaches past itself into the next chapter's lines.
        var end = position
        if Walkthrough.isSay(statements[position - 1]) {
            while end < statements.count, Walkthrough.isSay(statements[end]) { end += 1 }
        }
        let slice = Array(statements[chapter.start..<end])
        let visible = NarrationFilter.visible(slice, language: language)
        // Runs of shown narration, in order; the last is "the latest".
        var runs: [[String]] = []
        var previousWasSay = false
        for (i, statement) in slice.enumerated() {
            guard case .say(_, let text) = statement.kind else {
                previousWasSay = false
                continue
            }
            if !previousWasSay { runs.append([]) }
            previousWasSay = true
            if visible.contains(i) { runs[runs.count - 1].append(text) }
        }
        runs.removeAll(where: \.isEmpty)
        var content = Content()
        for (r, run) in runs.enumerated() {
            let latest = r == runs.count - 1
            if latest { content.latestStart = content.lines.count }
            for text in run {
                content.lines += Format.wrap(text, width: width).map { StyledLine($0, latest ? .plain : .muted) }
            }
        }
        return content
    }

    /// The first line shown in a pane of `rows` lines.
    static func top(_ content: Content, rows: Int, scroll: Int) -> Int {
        let last = max(0, content.lines.count - rows)
        let anchor = min(content.latestStart, last)
        return min(max(0, anchor - scroll), last)
    }

    /// The pane's title: its language and what lies above or below the window.
    static func title(_ model: AppModel, content: Content, rows: Int) -> String {
        var title = L10n.text("pane.narration", model.language)
        let top = top(content, rows: rows, scroll: model.ui.narrationScroll)
        let below = max(0, content.lines.count - top - rows)
        if top > 0 { title += " · " + L10n.format("more.above", model.language, top) }
        if below > 0 { title += " · " + L10n.format("more.below", model.language, below) }
        if top > 0 || below > 0 { title += " ({ })" }
        return title
    }

    /// Rows the pane would like: all its lines, within limits.
    static func wantedRows(_ content: Content, maximum: Int) -> Int {
        max(1, min(maximum, content.lines.count - min(content.latestStart, content.lines.count)))
    }
}
