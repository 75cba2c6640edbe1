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
                for line in transcript.traceLines(for: step, file: model.timeline.file) {
                    stepLines.append(StyledLine(line.text, style(line.tone, isLast: isLast)))
                }
            }
            collected.insert(contentsOf: stepLines, at: 0)
            index -= 1
        }
        if collected.isEmpty { return [StyledLine("nothing has happened yet", .muted)] }
        let end = max(0, collected.count - model.traceScroll)
        return Array(collected[max(0, end - rows)..<end])
    }

    /// The style of a line, from the kind of thing it tells; the last step stands out.
    static func style(_ tone: TraceTone, isLast: Bool) -> Style {
        switch tone {
        case .statement: return isLast ? .changed : .bold
        case .request, .response: return isLast ? .plain : .muted
        case .failure: return .bad
        case .transition, .narration: return .plain
        case .measurement: return .muted
        }
    }
}
