import SessionScopeCore
import SessionScopeScenario

/// The trace: each step's statement, the exchange on the wire and the transitions with
/// their reasons and measured latency; the last step is highlighted.
enum TracePane {
    static func lines(_ model: AppModel, rows: Int, width: Int = .max) -> [StyledLine] {
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
                    let lineStyle = style(line.tone, isLast: isLast)
                    stepLines += wrap(line.text, width: width).map { StyledLine($0, lineStyle) }
                }
            }
            collected.insert(contentsOf: stepLines, at: 0)
            index -= 1
        }
        if collected.isEmpty { return [StyledLine("nothing has happened yet", .muted)] }
        let end = max(0, collected.count - model.traceScroll)
        return Array(collected[max(0, end - rows)..<end])
    }

    /// A trace line wrapped to the pane, continuation lines indented under it, so that a whole
    /// `Set-Cookie` or `Cookie` header is read, never cut.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard DisplayWidth.of(text) > width, width > 20 else { return [text] }
        let indent = text.prefix { $0 == " " }.count
        let pad = String(repeating: " ", count: indent)
        let pieces = Format.wrap(String(text.dropFirst(indent)), width: width - indent - 2)
        return pieces.enumerated().map { i, piece in (i == 0 ? pad : pad + "  ") + piece }
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
