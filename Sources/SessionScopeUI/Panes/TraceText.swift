import SessionScopeCore
import SessionScopeScenario

/// The trace's lines as the screen shows them, in the UI's language: the trace pane's and
/// the detail view's. English is the transcript's own text (`Transcript.traceLines`,
/// `EventText`), byte for byte; Korean is `KoreanEventText`. Only the screen changes: the
/// transcript, `check`, recordings and JSON are written by the Scenario module in English.
struct TraceText {
    var language: String
    var showLatency: Bool
    var file: String
    private let transcript: Transcript

    init(_ model: AppModel) {
        self.init(language: model.language, showLatency: model.showLatency, file: model.timeline.file)
    }

    /// Narration has its own pane (and its own page section): a `say` step gives no line here.
    init(language: String, showLatency: Bool, file: String) {
        self.language = language
        self.showLatency = showLatency
        self.file = file
        transcript = Transcript(
            scenario: Scenario(file: file, statements: []), language: language, showLatency: showLatency)
    }

    private var isKorean: Bool { language == "ko" }

    /// A step's lines with their tones: the statement with the clock, then what its events tell.
    func lines(for step: Step) -> [TraceLine] {
        guard isKorean else { return transcript.traceLines(for: step, file: file) }
        let statement = step.statement
        let header = "[\(step.clockBefore)] \(statement.location.line) | \(statement.text)"
        switch statement.kind {
        case .title, .say:
            // The scenario's own words (the title; narration gives no line, see `init`).
            return transcript.traceLines(for: step, file: file)
        case .pause:
            return [TraceLine("--- 잠시 멈춤 ---", .narration)]
        case .expect(let expectation):
            guard let check = step.check else { return [TraceLine(header, .statement)] }
            if check.passed { return [TraceLine(header + "  ✓", .statement)] }
            return [
                TraceLine(header + "  ✗ 실제는 \(check.actual)", .failure),
                TraceLine(
                    "  \(file):\(statement.location.line): 기대한 것은 \(expectation.source), 실제는 \(check.actual)",
                    .failure),
            ]
        case .command:
            var lines = [TraceLine(header, .statement)]
            for event in step.events {
                if case .storeOperation = event, !showLatency { continue }
                let tone = event.tone
                lines += KoreanEventText.lines(event, epoch: step.epoch).map { TraceLine("  " + $0, tone) }
            }
            return lines
        }
    }

    /// One event's lines; `whole` for the detail view, which abbreviates nothing.
    func eventLines(_ event: Event, epoch: Int64, whole: Bool) -> [String] {
        if isKorean { return KoreanEventText.lines(event, epoch: epoch, whole: whole) }
        return whole ? ExchangeDetail.whole(event, epoch: epoch) : EventText.lines(event, epoch: epoch)
    }
}
