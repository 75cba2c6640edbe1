import SessionScopeCore
import SessionScopeScenario

/// The narration of the current point: the latest run of `say` lines before it, in the
/// chosen language (English where a line has no translation).
enum NarrationPane {
    static func lines(_ model: AppModel, width: Int) -> [String] {
        let statements = model.timeline.statements
        var end = model.timeline.position - 1
        // Back over non-narration to the latest narration, but not past a chapter's start.
        while end >= 0, !isSay(statements[end]) {
            if case .pause = statements[end].kind { return [] }
            end -= 1
        }
        guard end >= 0 else { return [] }
        var start = end
        while start > 0, isSay(statements[start - 1]) { start -= 1 }
        // The whole run, so every language's line of it counts in choosing.
        while end + 1 < statements.count, isSay(statements[end + 1]) { end += 1 }
        // Only this run is filtered, so a frame never walks the whole scenario.
        let run = Array(statements[start...end])
        let visible = NarrationFilter.visible(run, language: model.language)
        return run.indices.filter(visible.contains).flatMap { index -> [String] in
            guard case .say(_, let text) = run[index].kind else { return [] }
            return Format.wrap(text, width: width)
        }
    }

    private static func isSay(_ statement: Statement) -> Bool {
        if case .say = statement.kind { return true }
        return false
    }
}
