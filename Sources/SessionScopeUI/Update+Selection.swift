import SessionScopeCore
import SessionScopeScenario

/// Selecting in the panes: a step of the trace (keys and clicks), and what a click or the
/// wheel does where it lands. A click is mapped to a pane through the same `Layout` the view
/// draws with, and to a line through the line's target, so no pane keeps its own geometry.
extension AppModel {
    /// `<` and `=`: the previous or next step in the trace that shows lines (narration has
    /// its own pane). From none, `<` takes the newest; past the newest, none is selected.
    mutating func selectTraceStep(by offset: Int) {
        let steps = timeline.steps
        let shown = steps.indices.filter {
            if case .say = steps[$0].statement.kind { return false }
            return true
        }
        guard let newest = shown.last else { return }
        traceScroll = 0
        guard let current = ui.traceSelection, let at = shown.firstIndex(of: current) else {
            if offset < 0 { ui.traceSelection = newest }
            return
        }
        let next = at + offset
        ui.traceSelection = next < 0 ? shown.first : next >= shown.count ? nil : shown[next]
    }

    /// A mouse event at a cell of a window `width` × `height`: a press selects what is under
    /// it; the wheel scrolls the pane under it.
    public mutating func handle(_ mouse: MouseEvent, width: Int, height: Int) {
        guard mode == .normal, ui.confirmation == nil, !ui.editingFilter, !ui.blanked else { return }
        guard width >= View.minimumSize.width, height >= View.minimumSize.height else { return }
        if ui.detail != nil {
            switch mouse.kind {
            case .wheelUp: ui.detailScroll = max(0, ui.detailScroll - 3)
            case .wheelDown: ui.detailScroll += 3
            case .press: break
            }
            return
        }
        let layout = Layout(self, width: width, height: height)
        let (x, y) = (mouse.x, mouse.y)
        let down = mouse.kind == .wheelDown
        if layout.trace.contains(x: x, y: y) {
            switch mouse.kind {
            case .wheelUp, .wheelDown:
                ui.traceSelection = nil
                traceScroll = max(0, traceScroll + (down ? -3 : 3))
            case .press:
                select(
                    line(
                        at: y, in: layout.trace,
                        TracePane.lines(
                            self, rows: layout.trace.inner.height,
                            width: layout.trace.inner.width)))
            }
        } else if layout.narration.contains(x: x, y: y) {
            if mouse.kind != .press { ui.narrationScroll += down ? -2 : 2 }
        } else if layout.browsers.contains(x: x, y: y) {
            switch mouse.kind {
            case .wheelUp, .wheelDown: perform(down ? .nextBrowser : .previousBrowser)
            case .press:
                let lines = BrowsersPane.lines(
                    self, changes: Changes([]), rows: layout.browsers.inner.height, width: layout.browsers.inner.width)
                select(line(at: y, in: layout.browsers, lines))
            }
        } else if let list = layout.serverList, list.contains(x: x, y: y) {
            switch mouse.kind {
            case .wheelUp, .wheelDown: perform(down ? .nextServer : .previousServer)
            case .press:
                select(line(at: y, in: list, ServerOverview.lines(self, changes: Changes([]), rows: list.inner.height)))
            }
        } else if let (number, rect) = layout.servers.first(where: { $0.rect.contains(x: x, y: y) }) {
            if number != selectedServer {
                selectedServer = number
                ui.serverScroll = 0
            }
            switch mouse.kind {
            case .wheelUp: ui.serverScroll = max(0, ui.serverScroll - 3)
            case .wheelDown: ui.serverScroll += 3
            case .press:
                let server = world.servers[number - 1]
                let rows = ServerPane.lines(self, server: server, changes: Changes([]), rows: rect.inner.height)
                select(line(at: y, in: rect, rows))
            }
        } else if layout.store.contains(x: x, y: y), mouse.kind == .press {
            select(
                line(
                    at: y, in: layout.store,
                    StorePane.lines(
                        self, changes: Changes([]),
                        rows: layout.store.inner.height, width: layout.store.inner.width)))
        }
    }

    /// The target of the line drawn at row `y` of a pane's box.
    private func line(at y: Int, in box: Rect, _ lines: [StyledLine]) -> PaneTarget? {
        let row = y - box.inner.y
        return lines.indices.contains(row) ? lines[row].target : nil
    }

    /// Selects what a line stands for.
    mutating func select(_ target: PaneTarget?) {
        guard let target else { return }
        switch target {
        case .browser(let index):
            selectedBrowser = index
        case .server(let number):
            selectedServer = number
            ui.serverScroll = 0
        case .step(let index):
            ui.traceSelection = index
        case .session(let id):
            // A session is selected through the browser that holds its cookie.
            let name = world.settings.cookieName
            if let index = world.browsers.firstIndex(where: { browser in
                browser.jar.cookies.contains { $0.name == name && $0.value == id }
            }) {
                selectedBrowser = index
            } else {
                message = (L10n.format("message.noBrowserHolds", language, String(id.prefix(8))), false)
            }
        }
    }
}
