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
        return transcript.traceLines(for: step, file: file, wording: Self.korean)
    }

    /// The Korean words around a step's statement (titles and narration are the scenario's own).
    static let korean = Transcript.Wording(
        pause: "--- 잠시 멈춤 ---", got: { "실제는 \($0)" }, expected: { "기대한 것은 \($0), 실제는 \($1)" },
        eventLines: { KoreanEventText.lines($0, epoch: $1) })

    /// One event's lines; `whole` for the detail view, which abbreviates nothing.
    func eventLines(_ event: Event, epoch: Int64, whole: Bool) -> [String] {
        if isKorean { return KoreanEventText.lines(event, epoch: epoch, whole: whole) }
        return whole ? ExchangeDetail.whole(event, epoch: epoch) : EventText.lines(event, epoch: epoch)
    }
}
