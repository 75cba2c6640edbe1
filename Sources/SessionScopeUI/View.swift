import SessionScopeCore
import SessionScopeScenario

/// The view: a pure function of the model and the window size.
public enum View {
    /// The smallest window the layout works in.
    public static let minimumSize = (width: 80, height: 24)

    public static func render(_ model: AppModel, width: Int, height: Int) -> Screen {
        var screen = Screen(width: width, height: height)
        guard width >= minimumSize.width, height >= minimumSize.height else {
            tooSmall(&screen)
            return screen
        }
        if model.mode == .help {
            HelpScreen.draw(&screen, model: model)
            return screen
        }
        if model.ui.blanked {
            // A presenter remote's blank key: an empty screen, and how to get it back.
            let hint = L10n.text("blank.hint", model.language)
            screen.put(hint, x: max(0, width - DisplayWidth.of(hint) - 1), y: height - 1, style: .muted)
            return screen
        }
        if let detail = model.ui.detail {
            DetailView.draw(&screen, model: model, detail: detail)
            return screen
        }
        let changes = Changes(model.timeline.steps.last?.events ?? [])
        header(&screen, model: model)

        // Rows: header, top panes, servers, trace, narration, status, key bar.
        // The narration grows to hold the latest narration (from its start), taking rows
        // from the trace.
        let narration = NarrationPane.content(model, width: width - 2)
        let narrationHeight = 2 + NarrationPane.wantedRows(narration, maximum: height < 30 ? 3 : 5)
        let rest = height - 3 - narrationHeight
        let topHeight = max(7, rest * 3 / 10)
        let serverHeight = max(5, rest / 4)
        let traceHeight = rest - topHeight - serverHeight
        var y = 1

        // Top row: browsers, balancer, store.
        let browsersWidth = width * 38 / 100
        let balancerWidth = width * 26 / 100
        let storeWidth = width - browsersWidth - balancerWidth
        let browsersRect = Rect(x: 0, y: y, width: browsersWidth, height: topHeight)
        let balancerRect = Rect(x: browsersWidth, y: y, width: balancerWidth, height: topHeight)
        let storeRect = Rect(x: browsersWidth + balancerWidth, y: y, width: storeWidth, height: topHeight)
        screen.box(browsersRect, title: BrowsersPane.title(model))
        screen.draw(
            BrowsersPane.lines(model, changes: changes, rows: browsersRect.inner.height), in: browsersRect.inner)
        screen.box(balancerRect, title: BalancerPane.title(model), titleStyle: changes.balancer ? .changed : .bold)
        screen.draw(
            BalancerPane.lines(model, changes: changes, rows: balancerRect.inner.height), in: balancerRect.inner)
        screen.box(storeRect, title: StorePane.title(model), titleStyle: changes.store ? .changed : .bold)
        screen.draw(StorePane.lines(model, changes: changes, rows: storeRect.inner.height), in: storeRect.inner)
        y += topHeight

        // Servers side by side; with many, a window around the selected one.
        servers(&screen, model: model, changes: changes, y: y, height: serverHeight)
        y += serverHeight

        let traceRect = Rect(x: 0, y: y, width: width, height: traceHeight)
        screen.box(
            traceRect,
            title: L10n.text("pane.trace", model.language)
                + (model.traceScroll > 0 ? " (scrolled up \(model.traceScroll); = scrolls down)" : ""))
        screen.draw(
            TracePane.lines(model, rows: traceRect.inner.height, width: traceRect.inner.width), in: traceRect.inner)
        y += traceHeight

        let narrationRect = Rect(x: 0, y: y, width: width, height: narrationHeight)
        let narrationRows = narrationRect.inner.height
        screen.box(narrationRect, title: NarrationPane.title(model, content: narration, rows: narrationRows))
        let narrationTop = NarrationPane.top(narration, rows: narrationRows, scroll: model.ui.narrationScroll)
        screen.draw(Array(narration.lines.dropFirst(narrationTop)), in: narrationRect.inner)
        y += narrationHeight

        statusLine(&screen, model: model, y: y)
        keyBar(&screen, model: model, y: y + 1)
        return screen
    }

    private static func header(_ screen: inout Screen, model: AppModel) {
        let bar = Style(reverse: true)
        screen.fill(x: 0, y: 0, width: screen.width, style: bar)
        screen.put(Header.text(model), x: 0, y: 0, style: Style(bold: true, reverse: true))
    }

    private static func servers(_ screen: inout Screen, model: AppModel, changes: Changes, y: Int, height: Int) {
        if ServerOverview.needed(model, width: screen.width) {
            ServerOverview.draw(&screen, model: model, changes: changes, y: y, height: height)
            return
        }
        let servers = model.world.servers
        let minimumWidth = 30
        let fit = max(1, min(servers.count, screen.width / minimumWidth))
        let first = max(0, min(model.selectedServer - 1 - fit / 2, servers.count - fit))
        let paneWidth = screen.width / fit
        for slot in 0..<fit {
            let server = servers[first + slot]
            let x = slot * paneWidth
            let w = slot == fit - 1 ? screen.width - x : paneWidth
            let rect = Rect(x: x, y: y, width: w, height: height)
            var title = ServerPane.title(model, server: server)
            // Scroll hints go first so a narrow pane never cuts them off.
            if slot == 0 && first > 0 { title = "← \(first) more │ " + title }
            if slot == fit - 1 && first + fit < servers.count {
                title = "\(servers.count - first - fit) more → │ " + title
            }
            let style: Style = !server.isUp ? .bad : changes.servers.contains(server.number) ? .changed : .bold
            screen.box(rect, title: title, titleStyle: style)
            screen.draw(
                ServerPane.lines(model, server: server, changes: changes, rows: rect.inner.height), in: rect.inner)
        }
    }

    private static func statusLine(_ screen: inout Screen, model: AppModel, y: Int) {
        if let progress = model.ui.progress {
            screen.put(progress.text(model.language), x: 0, y: y, style: .changed, maxWidth: screen.width)
            return
        }
        if let confirmation = model.ui.confirmation {
            screen.put(model.confirmationText(confirmation), x: 0, y: y, style: .bad, maxWidth: screen.width)
            return
        }
        if model.ui.editingFilter {
            let used = screen.put(L10n.text("filter.prompt", model.language), x: 0, y: y, style: .bold)
            let textWidth = screen.put(model.ui.filter, x: used, y: y)
            screen.put("▏", x: used + textWidth, y: y, style: .bold)
            return
        }
        switch model.mode {
        case .input(let line):
            let shown = line.text.isEmpty && !line.placeholder.isEmpty ? "[\(line.placeholder)]" : line.text
            let used = screen.put(line.prompt, x: 0, y: y, style: .bold)
            let textWidth = screen.put(shown, x: used, y: y, style: line.text.isEmpty ? .muted : .plain)
            screen.put("▏", x: used + textWidth, y: y, style: .bold)
        default:
            if let message = model.message {
                screen.put(message.text, x: 0, y: y, style: message.isError ? .bad : .plain, maxWidth: screen.width)
            } else if model.isReplay {
                let position = model.timeline.position
                let next =
                    position < model.timeline.statements.count
                    ? L10n.format(
                        "status.next", model.language, model.timeline.statements[position].location.line,
                        model.timeline.statements[position].text)
                    : L10n.text("status.end", model.language)
                screen.put(next, x: 0, y: y, style: .muted, maxWidth: screen.width)
            }
        }
    }

    private static func keyBar(_ screen: inout Screen, model: AppModel, y: Int) {
        KeyBar.draw(&screen, model: model, y: y)
    }

    private static func tooSmall(_ screen: inout Screen) {
        let lines = [
            "terminal too small",
            "need \(minimumSize.width)×\(minimumSize.height), have \(screen.width)×\(screen.height)",
            "enlarge the window, or q to quit",
        ]
        for (i, line) in lines.enumerated() {
            let w = DisplayWidth.of(line)
            screen.put(
                line, x: max(0, (screen.width - w) / 2), y: max(0, screen.height / 2 - 1) + i,
                style: i == 0 ? .bold : .plain)
        }
    }
}
