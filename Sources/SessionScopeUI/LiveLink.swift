import SessionScopeCore
import SessionScopeScenario

/// What the terminal UI needs of a live cluster (`sessionscope live`): statements typed or
/// keyed go to it, and what happened there comes back as scenario lines (statements as run,
/// outside requests as `send`, real time as `advance`) that the model's timeline replays.
/// The recording replays to the live run's outcome, so the panes show the live world.
public struct LiveLink {
    /// The balancer's URL, for the header.
    public var url: String
    /// Runs a statement on the live cluster; a message when it was refused.
    public var execute: (String) -> String?
    /// The scenario lines of what happened since the last call.
    public var takeLines: () -> [String]
    /// Outside clients (`client-K`, `anonymous`), observed, not owned: each with the
    /// User-Agent it last sent ("" when none).
    public var observed: () -> [String: String]
    /// The run as a scenario, for `w`.
    public var recording: () -> String
    /// The engine's generated configuration now (nginx or HAProxy, `--engine`; it changes
    /// after `cluster` or a server's new port), or nil with the built-in balancer: `E` shows it.
    public var engineConfig: () -> String?

    public init(
        url: String, execute: @escaping (String) -> String?, takeLines: @escaping () -> [String],
        observed: @escaping () -> [String: String], recording: @escaping () -> String,
        engineConfig: @escaping () -> String? = { nil }
    ) {
        self.url = url
        self.execute = execute
        self.takeLines = takeLines
        self.observed = observed
        self.recording = recording
        self.engineConfig = engineConfig
    }
}

extension AppModel {
    /// The live engine's configuration, when there is one to show.
    var engineConfig: String? { live?.engineConfig() }
}

extension AppModel {
    /// A statement for the live cluster: checked as the `:` line checks it, then run there.
    mutating func runLive(_ text: String, file: String, on live: LiveLink) -> Bool {
        do {
            let (tokens, clean) = try Lexer(file: file).tokenize(text, line: 1)
            guard !tokens.isEmpty else { return false }
            var trial = parser
            let parsed = try trial.statement(tokens, text: clean)
            if let refusal = live.execute(clean) {
                message = (refusal, true)
                return false
            }
            message = nil
            traceScroll = 0
            syncLive()
            if case .command(.openBrowser(let name, _)) = parsed.kind, let index = world.browserIndex(named: name) {
                selectedBrowser = index
            }
            if let check = timeline.steps.last?.check, case .expect(let e) = parsed.kind {
                message = (
                    check.passed ? "✓ \(e.source)" : "✗ expected \(e.source), got \(check.actual)", !check.passed
                )
            }
            return true
        } catch {
            message = (error.description, true)
            return false
        }
    }

    /// Replays what the live cluster did since the last frame; a view of the past jumps to
    /// now first. Nothing happens outside live mode.
    public mutating func syncLive() {
        guard let live else { return }
        let lines = live.takeLines()
        guard !lines.isEmpty else { return }
        if !timeline.isAtEnd { try? timeline.seek(to: timeline.statements.count) }
        refreshAfterChange()
        let lexer = Lexer(file: "live")
        for line in lines {
            do {
                let (tokens, clean) = try lexer.tokenize(line, line: timeline.position + 1)
                guard !tokens.isEmpty else { continue }
                var trial = parser
                let parsed = try trial.statement(tokens, text: clean)
                let statement = Statement(
                    kind: parsed.kind, location: SourceLocation(line: timeline.position + 1, column: 1), text: clean)
                try timeline.append(statement)
                parser = trial
                parsedThrough = timeline.position
            } catch {
                message = ("the panes could not follow the live cluster: \(error)", true)
            }
        }
        observedClients = live.observed()
        refreshAfterChange()
    }
}
