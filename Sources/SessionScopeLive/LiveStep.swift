import SessionScopeCore
import SessionScopeScenario

/// One step of the live cluster's executor: a statement, or an outside client's request.
public struct LiveStep: Sendable {
    /// The clock before the step.
    public var clockBefore: Instant
    /// The statement's line on its input, or nil for an outside request.
    public var line: Int?
    /// The statement as typed, or the outside request as a `send` statement.
    public var text: String
    public var events: [Event]
    /// Where each browser's requests of this step came from (`127.0.0.2:41236`).
    public var addresses: [String: String]
    /// Notes beside the events (`client-2 carries alice's cookie`).
    public var notes: [String]
    /// For `expect`: the source and the verdict.
    public var expectation: Expectation?
    public var check: Verdict?
    /// The statement's kind; nil for an outside request.
    public var kind: Statement.Kind?
    /// The world's `epoch` (the real time the cluster was built, in `live`), for token dates.
    public var epoch = World.epochUnixSeconds

    /// The verdict of an `expect`.
    public struct Verdict: Sendable {
        public var passed: Bool
        public var actual: Value
    }

    /// The transcript lines of `live --headless`: those of `replay --headless`, with each
    /// request's first line naming the client and its address.
    /// Narration shows when it has no language or the one asked for (`--lang`).
    public func transcriptLines(file: String = "<stdin>", language: String = "en", showLatency: Bool = true)
        -> [String]
    {
        var lines = ["[\(clockBefore)] \(line.map(String.init) ?? "-") | \(text)"]
        switch kind {
        case .title(let title)?:
            return ["=== \(title) ==="]
        case .say(let sayLanguage, let narration)?:
            return sayLanguage == nil || sayLanguage == language ? ["  » \(narration)"] : []
        case .pause?:
            return ["--- pause ---"]
        case .expect?, .command?, nil:
            break
        }
        if let expectation, let check {
            lines[0] += check.passed ? "  ✓" : "  ✗ got \(check.actual)"
            if !check.passed {
                lines.append("  \(file):\(line ?? 0): expected \(expectation.source), got \(check.actual)")
            }
        }
        lines += notes.map { "  " + $0 }
        for event in events {
            if case .storeOperation = event, !showLatency { continue }
            var eventLines = EventText.lines(event, epoch: epoch)
            if case .requestSent(let browser, _) = event, let address = addresses[browser], !eventLines.isEmpty {
                let prefix = "\(browser) > "
                if eventLines[0].hasPrefix(prefix) {
                    eventLines[0] = "\(browser) \(address) > " + eventLines[0].dropFirst(prefix.count)
                }
            }
            lines += eventLines.map { "  " + $0 }
        }
        return lines
    }
}
