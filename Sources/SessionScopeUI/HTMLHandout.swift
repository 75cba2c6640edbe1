import SessionScopeCore
import SessionScopeScenario

/// `replay FILE --export html`: one self-contained HTML page (no external files, so it can be
/// mailed or printed to PDF from a browser) with, for each chapter, its narration, its
/// exchanges, and the terminal screen at its pause with the colours kept.
public enum HTMLHandout {
    public static func render(
        scenario: Scenario, timeline: Timeline, language: String, width: Int = 120, height: Int = 36
    ) -> String {
        var timeline = timeline
        var model = AppModel(timeline: timeline, isReplay: true, language: language, colors: true)
        model.showLatency = false
        // The exchanges as the screens show them: English is the transcript's text, Korean reads Korean.
        let trace = TraceText(language: language, showLatency: false, file: scenario.file)
        let title = scenario.title ?? scenario.file
        var body = "<h1>\(escape(title))</h1>\n"
        var exchanges: [String] = []
        var chapter = 1
        func close(name: String?) {
            let heading =
                language == "ko" ? "\(chapter)장" : "Chapter \(chapter)"
            body += "<section><h2>\(escape(heading + (name.map { ": " + $0 } ?? "")))</h2>\n"
            let narration = NarrationPane.content(model, width: width - 2).lines.map(\.plainText)
            if !narration.isEmpty { body += "<p class=\"narration\">\(escape(narration.joined(separator: " ")))</p>\n" }
            if !exchanges.isEmpty {
                body += "<pre class=\"trace\">\(escape(exchanges.joined(separator: "\n")))</pre>\n"
            }
            body += screenHTML(View.render(model, width: width, height: height)) + "</section>\n"
            exchanges = []
            chapter += 1
        }
        while !timeline.isAtEnd {
            guard let step = try? timeline.stepForward() else { break }
            model.timeline = timeline
            model.refreshAfterChange()
            switch step.statement.kind {
            case .pause(let name): close(name: name)
            case .title, .say: continue
            case .command, .expect: exchanges += trace.lines(for: step).map(\.text)
            }
        }
        if !exchanges.isEmpty || chapter == 1 { close(name: nil) }
        return """
            <!DOCTYPE html>
            <html lang="\(escape(language))"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            body { font-family: sans-serif; max-width: 70em; margin: 2em auto; color: #111; }
            pre { font-family: "DejaVu Sans Mono", monospace; font-size: 11px; line-height: 1.25; }
            pre.trace { background: #f4f4f4; padding: .5em; white-space: pre-wrap; }
            pre.screen { background: #1c1c1c; color: #ddd; padding: .5em; }
            .narration { font-size: 1.1em; }
            section { page-break-inside: avoid; margin-bottom: 2em; }
            .b { font-weight: bold } .r { background: #ddd; color: #1c1c1c } .d { opacity: .6 }
            .u { text-decoration: underline }
            .red { color: #f55 } .green { color: #5d5 } .yellow { color: #ec4 } .blue { color: #69f }
            .magenta { color: #d6d } .cyan { color: #5cc }
            </style></head><body>
            \(body)</body></html>

            """
    }

    /// The screen as preformatted text, a span for each run of one style.
    static func screenHTML(_ screen: Screen) -> String {
        var out = "<pre class=\"screen\">"
        for y in 0..<screen.height {
            var x = 0
            while x < screen.width {
                let style = screen[x, y].style
                var text = ""
                while x < screen.width, screen[x, y].style == style {
                    if !screen[x, y].isContinuation { text.append(screen[x, y].character) }
                    x += 1
                }
                let classes = classNames(style)
                out += classes.isEmpty ? escape(text) : "<span class=\"\(classes)\">\(escape(text))</span>"
            }
            out += "\n"
        }
        return out + "</pre>\n"
    }

    static func classNames(_ style: Style) -> String {
        var names: [String] = []
        if style.bold { names.append("b") }
        if style.reverse { names.append("r") }
        if style.dim { names.append("d") }
        if style.underline { names.append("u") }
        switch style.color {
        case .none: break
        case .red: names.append("red")
        case .green: names.append("green")
        case .yellow: names.append("yellow")
        case .blue: names.append("blue")
        case .magenta: names.append("magenta")
        case .cyan: names.append("cyan")
        }
        return names.joined(separator: " ")
    }

    static func escape(_ text: String) -> String {
        text.replacingAll("&", "&amp;").replacingAll("<", "&lt;").replacingAll(">", "&gt;").replacingAll("\"", "&quot;")
    }
}
