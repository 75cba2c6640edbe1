import SessionScopeScenario

extension Handout {
    /// The Markdown handout with its exchanges as the screens show them, like the HTML
    /// handout's: English is the transcript's text byte for byte, `ko` reads Korean
    /// (`TraceText`). The narration and the state tables follow `language` as before.
    public static func onScreen(language: String, showLatency: Bool, file: String) -> Handout {
        let trace = TraceText(language: language, showLatency: showLatency, file: file)
        return Handout(
            language: language, showLatency: showLatency, exchangeLines: { trace.lines(for: $0).map(\.text) })
    }
}
