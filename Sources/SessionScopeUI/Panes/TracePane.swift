import SessionScopeCore
import SessionScopeScenario

/// The trace: each step's statement, the exchange on the wire and the transitions with
/// their reasons and measured latency, in the UI's language (`TraceText`); the last step is
/// highlighted. A step can be selected
/// (`<` `=` or a click) and opened whole with Enter; the pane scrolls to keep it in sight.
enum TracePane {
    static func title(_ model: AppModel) -> String {
        let language = model.language
        var title = L10n.text("pane.trace", language)
        if let selected = model.ui.traceSelection, model.timeline.steps.indices.contains(selected) {
            title += " · " + L10n.format("trace.selected", language, model.timeline.steps[selected].statement.text)
        } else if model.traceScroll > 0 {
            title += " · " + L10n.format("trace.scrolled", language, model.traceScroll)
        }
        return title
    }

    static func lines(_ model: AppModel, rows: Int, width: Int = .max) -> [StyledLine] {
        let steps = model.timeline.steps
        let text = TraceText(model)
        let selected = model.ui.traceSelection.flatMap { steps.indices.contains($0) ? $0 : nil }
        var collected: [StyledLine] = []
        // Lines after the selected step's, and its own (to keep it in sight).
        var below = 0
        var selectedCount = 0
        let needed = rows + model.traceScroll
        var index = steps.count - 1
        while index >= 0, collected.count < needed || (selected.map { index >= $0 } ?? false) {
            let step = steps[index]
            let isLast = index == steps.count - 1
            var stepLines: [StyledLine] = []
            if case .say = step.statement.kind {
                // Narration has its own pane.
            } else {
                for (n, line) in text.lines(for: step).enumerated() {
                    var lineStyle = style(line.tone, isLast: isLast)
                    if index == selected, n == 0 { lineStyle = .selected }
                    stepLines += wrap(line.text, width: width).map {
                        StyledLine($0, lineStyle).targeting(.step(index))
                    }
                }
            }
            if let selected, index > selected { below += stepLines.count }
            if index == selected { selectedCount = stepLines.count }
            collected.insert(contentsOf: stepLines, at: 0)
            index -= 1
        }
        if collected.isEmpty { return [StyledLine(L10n.text("trace.empty", model.language), .muted)] }
        var scroll = model.traceScroll
        if selected != nil {
            // The whole step if it fits, else its start at the top.
            scroll =
                selectedCount <= rows
                ? min(max(scroll, below + selectedCount - rows), below) : below + selectedCount - rows
        }
        let end = max(0, collected.count - scroll)
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
