import SessionScopeCore

/// The human-readable transcript of `replay --headless`: each statement with the clock,
/// the exchange as on the wire, the transitions, the narration and each expectation.
public struct Transcript {
    public var language: String
    /// Measured store latency varies run to run; hiding it makes real-store runs diffable.
    public var showLatency: Bool
    private let visibleNarration: Set<Int>

    public init(scenario: Scenario, language: String = "en", showLatency: Bool = true) {
        self.language = language
        self.showLatency = showLatency
        self.visibleNarration = NarrationFilter.visible(scenario.statements, language: language)
    }

    public func lines(for step: Step, file: String) -> [String] {
        traceLines(for: step, file: file).map(\.text)
    }

    /// The words of a step's lines around the statement itself: the transcript's English, or
    /// another language's for the terminal UI's trace (which shows the same lines).
    public struct Wording: Sendable {
        public var pause: String
        /// `  ✗ got X` after a failed `expect`.
        public var got: @Sendable (String) -> String
        /// `FILE:LINE: expected REF OP VALUE, got X`, without the location.
        public var expected: @Sendable (_ expectation: String, _ actual: String) -> String
        public var eventLines: @Sendable (Event, _ epoch: Int64) -> [String]

        public init(
            pause: String, got: @escaping @Sendable (String) -> String,
            expected: @escaping @Sendable (String, String) -> String,
            eventLines: @escaping @Sendable (Event, Int64) -> [String]
        ) {
            self.pause = pause
            self.got = got
            self.expected = expected
            self.eventLines = eventLines
        }

        public static let english = Wording(
            pause: "--- pause ---", got: { "got \($0)" }, expected: { "expected \($0), got \($1)" },
            eventLines: { EventText.lines($0, epoch: $1) })
    }

    /// The same lines with the tone of what each tells (for the terminal UI's styles).
    public func traceLines(for step: Step, file: String, wording: Wording = .english) -> [TraceLine] {
        let statement = step.statement
        let header = "[\(step.clockBefore)] \(statement.location.line) | \(statement.text)"
        switch statement.kind {
        case .title(let text):
            return [TraceLine("=== \(text) ===", .narration)]
        case .say(_, let text):
            return visibleNarration.contains(step.index) ? [TraceLine("  » \(text)", .narration)] : []
        case .pause:
            return [TraceLine(wording.pause, .narration)]
        case .expect(let expectation):
            guard let check = step.check else { return [TraceLine(header, .statement)] }
            if check.passed { return [TraceLine(header + "  ✓", .statement)] }
            return [
                TraceLine(header + "  ✗ " + wording.got("\(check.actual)"), .failure),
                TraceLine(
                    "  \(file):\(statement.location.line): " + wording.expected(expectation.source, "\(check.actual)"),
                    .failure),
            ]
        case .command:
            var lines = [TraceLine(header, .statement)]
            for event in step.events {
                if case .storeOperation = event, !showLatency { continue }
                let tone = event.tone
                lines += wording.eventLines(event, step.epoch).map { TraceLine("  " + $0, tone) }
            }
            return lines
        }
    }
}

/// `--format jsonl`: one JSON object a line, for other tools. Every object has `event`
/// (its kind), `line` (scenario line) and `clock_ms` (virtual time before the statement);
/// see README.md for the fields of each kind.
public struct JSONLines {
    private let visibleNarration: Set<Int>
    /// Whether `storeOperation` events (measured latencies, which vary from run to run) are
    /// written; `--no-latency` leaves them out, as from the text transcript.
    public var showLatency: Bool

    public init(scenario: Scenario, language: String = "en", showLatency: Bool = true) {
        visibleNarration = NarrationFilter.visible(scenario.statements, language: language)
        self.showLatency = showLatency
    }

    public func lines(for step: Step) -> [String] {
        let base: [(String, JSON)] = [
            ("line", .int(Int64(step.statement.location.line))),
            ("clock_ms", .int(step.clockBefore.milliseconds)),
        ]
        func object(_ kind: String, _ fields: [(String, JSON)]) -> String {
            JSON.object([("event", .string(kind))] + base + fields).serialized
        }
        switch step.statement.kind {
        case .title(let text):
            return [object("title", [("text", .string(text))])]
        case .say(let language, let text):
            guard visibleNarration.contains(step.index) else { return [] }
            return [object("narration", [("language", language.map(JSON.string) ?? .null), ("text", .string(text))])]
        case .pause:
            return [object("pause", [])]
        case .expect(let expectation):
            let check = step.check
            return [
                object(
                    "expectation",
                    [
                        ("source", .string(expectation.source)),
                        ("passed", .bool(check?.passed ?? false)),
                        ("actual", .string(check?.actual.description ?? "")),
                    ])
            ]
        case .command:
            return [object("statement", [("text", .string(step.statement.text))])]
                + step.events.compactMap { event in
                    if case .storeOperation = event, !showLatency { return nil }
                    let (kind, fields) = EventJSON.fields(event)
                    return object(kind, fields)
                }
        }
    }
}
