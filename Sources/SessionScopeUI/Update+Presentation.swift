import SessionScopeCore
import SessionScopeScenario

/// Keys that act before the key map: a question waiting for its answer, the filter being
/// typed, the detail view; and the actions added for issue 12 (chapters that never stop on
/// hidden narration, scrolling the narration, the quit guard).
extension AppModel {
    /// Handles a key if an overlay owns it; false lets the normal dispatch have it.
    mutating func handleOverlay(_ key: Key) -> Bool {
        if ui.blanked {
            // Any key brings the screen back, and does only that.
            ui.blanked = false
            return true
        }
        if let confirmation = ui.confirmation {
            // The cluster question takes only its answers: a key typed next (a `:` and a line)
            // must not be taken as hotkeys, so anything else leaves the question up.
            if case .cluster = confirmation, ![.character("y"), .character("n"), .escape, .control("c")].contains(key) {
                return true
            }
            ui.confirmation = nil
            answer(confirmation, key)
            return true
        }
        if ui.editingFilter {
            editFilter(key)
            return true
        }
        if let detail = ui.detail, mode == .normal {
            switch key {
            case .down, .character("j"), .character(" "): ui.detailScroll += 1
            case .up, .character("k"): ui.detailScroll = max(0, ui.detailScroll - 1)
            case .pageDown: ui.detailScroll += 10
            case .pageUp: ui.detailScroll = max(0, ui.detailScroll - 10)
            case .home: ui.detailScroll = 0
            case .end: ui.detailScroll = DetailView.lines(self, detail: detail, width: 200).count
            default:
                ui.detail = nil
                ui.detailScroll = 0
                // q and ? still do what they say; anything else only closes the view.
                if key == .character("q") || key == .character("?") { return false }
            }
            return true
        }
        return false
    }

    private mutating func answer(_ confirmation: Confirmation, _ key: Key) {
        message = nil
        switch confirmation {
        case .quit:
            if key == .character("q") || key == .control("c") {
                shouldQuit = true
            } else if key == .character("w") {
                perform(.record)
            }
        case .overwrite(let path, let text):
            if key == .character("y") {
                pendingWrite = (path, text)
                ui.confirmedOverwrite = path
            } else {
                message = (cancelled, false)
            }
        case .cluster(let text):
            if key == .character("y") { run(text) } else { message = (cancelled, false) }
        }
    }

    private var cancelled: String { L10n.text("message.cancelled", language) }

    private mutating func editFilter(_ key: Key) {
        switch key {
        case .escape:
            ui.editingFilter = false
            ui.filter = ""
        case .enter: ui.editingFilter = false
        case .backspace, .delete: if !ui.filter.isEmpty { ui.filter.removeLast() }
        case .control("u"): ui.filter = ""
        case .character(let c): ui.filter.append(c)
        default: break
        }
        selectFirstMatch()
    }

    /// Moves the selection onto a browser the filter shows.
    mutating func selectFirstMatch() {
        guard !ui.filter.isEmpty else { return }
        if let browser, Filter.matches(browser, world: world, filter: ui.filter) { return }
        if let first = world.browsers.indices.first(where: {
            Filter.matches(world.browsers[$0], world: world, filter: ui.filter)
        }) {
            selectedBrowser = first
        }
    }

    /// Tab/↓ and ↑: the next or previous browser, wrapping, among those the filter shows (a
    /// selection the pane hides would show none selected).
    mutating func stepBrowser(by step: Int) {
        let count = world.browsers.count
        var index = selectedBrowser
        for _ in 0..<count {
            index = (index + step + count) % count
            if ui.filter.isEmpty || Filter.matches(world.browsers[index], world: world, filter: ui.filter) {
                selectedBrowser = index
                return
            }
        }
    }

    /// `/`: starts typing a filter.
    mutating func startFilter() {
        ui.editingFilter = true
        ui.filter = ""
    }

    /// Enter: the detail view of the selected trace step, else of the selected browser (or,
    /// with none, the selected server).
    mutating func openDetail() {
        if let step = ui.traceSelection {
            ui.detail = .step(step)
        } else {
            ui.detail = browser.map { .browser($0.name) } ?? .server(selectedServer)
        }
        ui.detailScroll = 0
    }

    /// `q`: quits, or asks first while actions are unsaved.
    mutating func requestQuit() {
        if ui.unsavedActions > 0 {
            ui.confirmation = .quit(unsaved: ui.unsavedActions)
        } else {
            shouldQuit = true
        }
    }

    /// Esc: backs out of one thing at a time: the filter, playing, a branch, then a message.
    mutating func backOut() {
        if ui.traceSelection != nil {
            ui.traceSelection = nil
        } else if !ui.filter.isEmpty {
            ui.filter = ""
        } else if playing {
            playing = false
        } else if inBranch {
            returnToWalkthrough()
        } else {
            message = nil
        }
    }

    /// One step forward or back along the timeline, never stopping just after narration the
    /// chosen language hides.
    mutating func stepVisibly(forward: Bool) {
        let statements = timeline.statements
        let target =
            forward
            ? Walkthrough.stepForward(statements, from: timeline.position, language: language)
            : Walkthrough.stepBack(statements, from: timeline.position, language: language)
        seek(target)
    }

    /// The status line's text for a question.
    func confirmationText(_ confirmation: Confirmation) -> String {
        switch confirmation {
        case .quit(let n):
            return n == 1 ? L10n.text("confirm.quit.one", language) : L10n.format("confirm.quit", language, n)
        case .overwrite(let path, _): return L10n.format("confirm.overwrite", language, path)
        case .cluster: return L10n.text("confirm.cluster", language)
        }
    }
}
