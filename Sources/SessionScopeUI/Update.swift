import SessionScopeCore
import SessionScopeScenario

/// Turns key presses into changes of the model. Every change of the world goes through a
/// scenario statement, so whatever the user does can be recorded and replayed.
extension AppModel {
    /// Handles one input event.
    public mutating func handle(_ event: InputEvent) {
        guard case .key(let key) = event else { return }
        if handleOverlay(key) { return }
        switch mode {
        case .help:
            if !scrollHelp(key) { mode = .normal }
        case .input(var line):
            switch key {
            case .escape:
                mode = .normal
                message = nil
            case .enter: submit(line)
            case .backspace, .delete:
                if !line.text.isEmpty { line.text.removeLast() }
                mode = .input(line)
            case .character(let c):
                line.text.append(c)
                mode = .input(line)
            case .control("u"):
                line.text = ""
                mode = .input(line)
            default:
                mode = .input(line)
            }
        case .normal:
            if let action = KeyMap.action(for: key) { perform(action) }
        }
    }

    /// Runs a statement built by a key: printed by the one printer, then parsed like a typed
    /// line, so that the parser's static checks apply and the timeline holds its text.
    @discardableResult
    public mutating func run(_ kind: Statement.Kind) -> Bool {
        run(StatementPrinter.text(kind), expecting: kind)
    }

    /// Runs a statement typed or triggered at the current position; errors go to the status
    /// line with the same message a file would get, and change nothing. With `expecting`, the
    /// text must read back as that statement (it was printed from it).
    @discardableResult
    public mutating func run(_ text: String, file: String = "command", expecting: Statement.Kind? = nil) -> Bool {
        if let live { return runLive(text, file: file, on: live) }
        let lexer = Lexer(file: file)
        do {
            let (tokens, clean) = try lexer.tokenize(text, line: 1)
            guard !tokens.isEmpty else { return false }
            var trial = parser
            let parsed = try trial.statement(tokens, text: clean)
            if let expecting, parsed.kind != expecting {
                message = ("'\(clean)' does not read back as the statement it was printed from", true)
                return false
            }
            // Number interactive statements by their place in the timeline.
            let statement = Statement(
                kind: parsed.kind,
                location: SourceLocation(line: timeline.position + 1, column: parsed.location.column), text: clean)
            let walkthrough = walkthroughToKeep()
            try append(statement, restoring: walkthrough)
            if let walkthrough {
                ui.walkthrough = walkthrough
                message = (L10n.format("message.branchOpened", language, walkthrough.position), false)
            }
            ui.unsavedActions += 1
            ui.narrationScroll = 0
            // The parser had seen exactly the statements before this one (a dropped future
            // never reached it), so the trial is the parser after it.
            parser = trial
            parsedThrough = timeline.position
            if walkthrough == nil { message = nil }
            traceScroll = 0
            ui.traceSelection = nil
            if case .command(.openBrowser(let name, _)) = statement.kind, let index = world.browserIndex(named: name) {
                selectedBrowser = index
            }
            refreshAfterChange()
            if let check = timeline.steps.last?.check, case .expect(let e) = statement.kind {
                message = (
                    check.passed
                        ? "✓ \(e.source)" : L10n.format("message.expectFailed", language, e.source, check.actual),
                    !check.passed
                )
            }
            return true
        } catch let diagnostic as Diagnostic {
            // A typed statement is line 1 of `file` when it is refused as it runs (a store that
            // is not ours, say), as when it does not parse; not the timeline's place for it.
            var typed = diagnostic
            if typed.file == timeline.file { (typed.file, typed.location.line) = (file, 1) }
            message = (typed.description, true)
            return false
        } catch {
            message = (error.description, true)
            return false
        }
    }

    private mutating func submit(_ line: InputLine) {
        mode = .normal
        let text = line.text.isEmpty ? line.placeholder : line.text
        switch line.purpose {
        case .command:
            if text.split(separator: " ").first == "cluster", timeline.position > 0 {
                ui.confirmation = .cluster(text)
            } else if let waiting = Self.slowStatementMessage(text, language: language) {
                pendingCommand = text
                message = (waiting, false)
            } else {
                run(text)
            }
        case .loginUser(let browser):
            mode = .input(
                InputLine(
                    purpose: .loginPassword(browser: browser, user: text),
                    prompt: L10n.format("prompt.password", language, text),
                    text: "", placeholder: World.defaultPassword))
        case .loginPassword(let browser, let user):
            run(.command(.login(browser: browser, user: user, password: text, remember: false)))
        case .stealFrom, .stealVia, .tamper, .together:
            submitAttack(line.purpose, text)
        case .recordPath:
            pendingWrite = (text, live?.recording() ?? timeline.recording)
        }
    }

    mutating func perform(_ action: Action) {
        switch action {
        case .quit: requestQuit()
        case .back: backOut()
        case .help: mode = .help
        case .newBrowser: run(.command(.openBrowser(name: nextBrowserName(), ip: nil)))
        case .nextBrowser: stepBrowser(by: 1)
        case .previousBrowser: stepBrowser(by: -1)
        case .nextServer:
            selectedServer = selectedServer % world.servers.count + 1
            ui.serverScroll = 0
        case .previousServer:
            selectedServer = (selectedServer + world.servers.count - 2) % world.servers.count + 1
            ui.serverScroll = 0
        case .visitRoot:
            if let b = requireOpenBrowser() { run(.command(.request(browser: b, method: .get, path: "/", form: []))) }
        case .visitMe:
            if let b = requireOpenBrowser() { run(.command(.request(browser: b, method: .get, path: "/me", form: []))) }
        case .logout: if let b = requireBrowser() { run(.command(.logout(browser: b))) }
        case .closeBrowser: if let b = requireBrowser() { run(.command(.close(browser: b))) }
        case .reopenBrowser: if let b = requireClosedBrowser() { run(.command(.openBrowser(name: b, ip: nil))) }
        case .clearJar: if let b = requireFullJar() { run(.command(.clear(browser: b))) }
        case .login:
            if let browser = requireOpenBrowser() {
                let user = world.accounts[browser] != nil ? browser : "alice"
                mode = .input(
                    InputLine(
                        purpose: .loginUser(browser: browser), prompt: L10n.format("prompt.login", language, browser),
                        text: "",
                        placeholder: user))
            }
        case .steal: startSteal()
        case .tamper: startTamper()
        case .together: startTogether()
        case .killServer: run(.command(.killServer(selectedServer)))
        case .startServer: run(.command(.startServer(selectedServer)))
        case .toggleStore: run(.command(world.storeIsUp ? .storeDown : .storeUp))
        case .advance1m: run(.command(.advance(.minutes(1))))
        case .advance10m: run(.command(.advance(.minutes(10))))
        case .advance31m: run(.command(.advance(.minutes(31))))
        case .toggleClock:
            clockRunning.toggle()
            message = (
                clockRunning
                    ? L10n.format("message.clockRunning", language, Self.speeds[speedIndex])
                    : L10n.text("message.clockPaused", language), false
            )
        case .faster:
            speedIndex = min(Self.speeds.count - 1, speedIndex + 1)
            message = (L10n.format("message.speed", language, Self.speeds[speedIndex]), false)
        case .slower:
            speedIndex = max(0, speedIndex - 1)
            message = (L10n.format("message.speed", language, Self.speeds[speedIndex]), false)
        case .changeCluster:
            mode = .input(
                InputLine(
                    purpose: .command, prompt: ":", text: StatementPrinter.text(.command(.cluster(world.settings))),
                    placeholder: ""))
        case .commandLine:
            mode = .input(InputLine(purpose: .command, prompt: ":", text: "", placeholder: ""))
        case .record:
            mode = .input(
                InputLine(
                    purpose: .recordPath, prompt: L10n.text("prompt.record", language), text: "",
                    placeholder: "recorded.scn"))
        case .stepForward: stepVisibly(forward: true)
        case .stepBack: stepVisibly(forward: false)
        case .rewind: seek(0)
        case .toEnd: seek(timeline.statements.count)
        case .play:
            playing.toggle()
            message = (L10n.text(playing ? "message.playing" : "message.paused", language), false)
        case .previousChapter:
            let target = timeline.chapters.map { $0 + 1 }.filter { $0 < timeline.position }.max() ?? 0
            seek(target)
        case .nextChapter:
            let target =
                timeline.chapters.map { $0 + 1 }.filter { $0 > timeline.position }.min() ?? timeline.statements.count
            seek(target)
        case .scrollTraceUp: selectTraceStep(by: -1)
        case .scrollTraceDown: selectTraceStep(by: 1)
        case .scrollServerUp: ui.serverScroll = max(0, ui.serverScroll - 3)
        case .scrollServerDown: ui.serverScroll += 3
        case .scrollNarrationUp: ui.narrationScroll += 2
        case .scrollNarrationDown: ui.narrationScroll -= 2
        case .filter: startFilter()
        case .openDetail: openDetail()
        case .blank: ui.blanked = true
        case .engineConfig:
            if engineConfig != nil {
                ui.detail = .engineConfig
                ui.detailScroll = 0
            } else {
                message = (L10n.text("message.noEngineConfig", language), false)
            }
        }
    }

    /// The selected browser's name, or nil with a hint when there is none.
    mutating func requireBrowser() -> String? {
        guard let name = browser?.name else {
            message = (L10n.text("message.noBrowser", language), true)
            return nil
        }
        return name
    }

    /// Moves along the timeline; going back re-applies from a checkpoint or the start.
    /// Going back with a real store rebuilds the world from the start in a fresh store; with a
    /// progress reporter, the screen says so and how far it is. A crowd on the way can be
    /// cancelled (Esc), which leaves the model where it was.
    public mutating func seek(_ target: Int) {
        if let waiting = slowSeekMessage(to: target) {
            pendingSeek = target
            message = (waiting, false)
            return
        }
        performSeek(target)
    }

    /// `seek` without the waiting frame first (the app calls it for `pendingSeek`).
    public mutating func performSeek(_ target: Int) {
        let label = world.store.label
        let forward = target > timeline.position
        let rebuilding = target < timeline.position && world.store.isShared
        let report =
            rebuilding ? progressFrame(self, store: world.settings.store.rawValue, goingBack: freshStore) : nil
        // The first frame before any work: starting processes takes a while before the first
        // statement is replayed, and the screen must say why it is still.
        report?(0, target)
        let crowd = timeline.statements[min(timeline.position, target)..<max(timeline.position, target)]
            .first(where: \.isCrowd)
        // A crowd replayed on the way back says it is part of going back.
        let crowdLabel = rebuilding ? L10n.format("progress.back.crowd", language, target) : crowd?.text ?? "crowd"
        withProgress(crowd: crowdLabel) { model in
            do throws(Diagnostic) {
                try model.timeline.seek(to: target, progress: report)
                model.message = rebuilding ? (model.rebuiltMessage(before: label), false) : nil
                model.traceScroll = 0
                model.ui.narrationScroll = 0
            } catch {
                model.message = (error.description, true)
                model.playing = false
            }
            model.refreshAfterChange()
        }
        if playing, forward { stopPlayingAtPauseOrEnd() }
        if playing, timeline.isAtEnd { playing = false }
    }

    /// Called by the app on every tick while playing: one statement forward, stopping at a
    /// chapter's `pause`.
    public mutating func playTick() {
        guard playing else { return }
        // A slow step (a failover) is only pending here: its waiting frame is drawn first, and
        // `performSeek` stops at a pause once the step has really been taken. Play goes on.
        stepVisibly(forward: true)
    }

    /// Stops playing at a chapter's `pause` or at the end, saying how to go on.
    private mutating func stopPlayingAtPauseOrEnd() {
        if let last = timeline.steps.last, case .pause = last.statement.kind {
            playing = false
            message = (L10n.text("message.pause", language), false)
        } else if timeline.isAtEnd {
            playing = false
            message = (L10n.text("message.end", language), false)
        }
    }

    /// Called by the app once per real second while the clock runs.
    public mutating func clockTick() {
        guard clockRunning else { return }
        run(.command(.advance(Self.speeds[speedIndex])))
    }

    private static let names = [
        "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
        "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter",
    ]

    /// The first free name, asked of the world one by one: after a crowd there are a
    /// million names, and gathering them all would cost a noticeable pause per key.
    func nextBrowserName() -> String {
        if let free = Self.names.first(where: { world.browserIndex(named: $0) == nil }) { return free }
        var n = world.browsers.count + 1
        while world.browserIndex(named: "browser-\(n)") != nil { n += 1 }
        return "browser-\(n)"
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
