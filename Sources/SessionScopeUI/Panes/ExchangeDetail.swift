import SessionScopeCore
import SessionScopeScenario

/// The detail view of one step of the trace: the statement and every line of what happened,
/// with nothing abbreviated: whole `Cookie` and `Set-Cookie` headers, every cookie stored
/// with all its attributes, whole ignored headers.
enum ExchangeDetail {
    static func title(_ model: AppModel, step index: Int) -> String {
        guard model.timeline.steps.indices.contains(index) else { return "Details" }
        let step = model.timeline.steps[index]
        return L10n.format("detail.step", model.language, step.statement.location.line, step.statement.text)
    }

    static func lines(_ model: AppModel, step index: Int, width: Int) -> [StyledLine] {
        guard model.timeline.steps.indices.contains(index) else { return [] }
        let step = model.timeline.steps[index]
        var out: [StyledLine] = []
        func add(_ text: String, _ style: Style) {
            let indent = text.prefix { $0 == " " }.count
            let pad = String(repeating: " ", count: indent)
            out += Format.wrap(String(text.dropFirst(indent)), width: max(10, width - indent - 2)).enumerated().map {
                StyledLine((($0.offset == 0 ? pad : pad + "  ") + $0.element), style)
            }
        }
        add("[\(step.clockBefore)] \(step.statement.location.line) | \(step.statement.text)", .bold)
        if let check = step.check {
            let verdict =
                check.passed
                ? L10n.text("detail.passed", model.language) : L10n.format("detail.got", model.language, check.actual)
            add("  " + verdict, check.passed ? .good : .bad)
        }
        let text = TraceText(model)
        for event in step.events {
            if case .storeOperation = event, !model.showLatency { continue }
            let style = TracePane.style(event.tone, isLast: true)
            for line in text.eventLines(event, epoch: step.epoch, whole: true) { add("  " + line, style) }
        }
        return out
    }

    /// An event's lines in English, unabridged where the trace abbreviates. (Korean has its own
    /// exhaustive switch: `KoreanEventText.lines(_:epoch:whole:)`.)
    static func whole(_ event: Event, epoch: Int64) -> [String] {
        switch event {
        case .cookieSet(let browser, let cookie, let replaced):
            var traits = [cookie.expiry.map { "expires at Unix ms \($0)" } ?? "session cookie"]
            traits += ["Domain=\(cookie.domain)", "Path=\(cookie.path)"]
            if cookie.hostOnly { traits.append("host-only") }
            if cookie.httpOnly { traits.append("HttpOnly") }
            traits.append(cookie.secureOnly ? "Secure" : "not Secure")
            traits.append(cookie.sameSite.map { "SameSite=\($0.rawValue)" } ?? "no SameSite")
            return [
                "\(browser)'s jar: \(replaced ? "replaced" : "stored") \(cookie.name)=\(cookie.value)",
                "    " + traits.joined(separator: " · "),
            ]
        case .cookieIgnored(let browser, let header, let why):
            return ["\(browser)'s jar: ignored Set-Cookie \"\(header)\": \(why)"]
        default:
            // Only the two above are abbreviated in the trace; every other event, a new one
            // too, reads here as it does there, which is whole already.
            return EventText.lines(event, epoch: epoch)
        }
    }
}
