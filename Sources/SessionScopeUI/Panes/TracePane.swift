import SessionScopeCore
import SessionScopeScenario

/// The trace: each step's statement, the exchange on the wire and the transitions with
/// their reasons and measured latency; the last step is highlighted.
enum TracePane {
    static func lines(_ model: AppModel, rows: Int) -> [StyledLine] {
        let steps = model.timeline.steps
        let transcript = Transcript(
            scenario: Scenario(file: model.timeline.file, statements: []), language: model.language,
            showLatency: model.showLatency)
        var collected: [StyledLine] = []
        let needed = rows + model.traceScroll
        var index = steps.count - 1
        while index >= 0, collected.count < needed {
            let step = steps[index]
            let isLast = index == steps.count - 1
            var stepLines: [StyledLine] = []
            if case .say = step.statement.kind {
                // Narration has its own pane.
            } else {
                for text in transcript.lines(for: step, file: model.timeline.file) where !text.hasPrefix("  » ") {
                    let style: Style
                    if text.hasPrefix("[") {
                        style = isLast ? .changed : .bold
                    } else if text.contains("✗") || text.contains("→ 503") || text.contains("store error") {
                        style = .bad
                    } else if text.contains(" > ") || text.contains(" < ") {
                        style = isLast ? .plain : .muted
                    } else {
                        style = .plain
                    }
                    stepLines.append(StyledLine(text, style))
                }
            }
            collected.insert(contentsOf: stepLines, at: 0)
            index -= 1
        }
        if collected.isEmpty { return [StyledLine("nothing has happened yet", .muted)] }
        let end = max(0, collected.count - model.traceScroll)
        return Array(collected[max(0, end - rows)..<end])
    }
}
