import SessionScopeCore
import SessionScopeScenario

/// The view: a pure function of the model and the window size.
public enum View {
    /// The smallest window the layout works in.
    public static let minimumSize = (width: 80, height: 24)

    public static func render(_ model: AppModel, width: Int, height: Int) -> Screen {
        var screen = Screen(width: width, height: height)
        guard width >= minimumSize.width, height >= minimumSize.height else {
            tooSmall(&screen, language: model.language)
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

        let layout = Layout(model, width: width, height: height)
        screen.box(layout.browsers, title: BrowsersPane.title(model))
        screen.draw(
            BrowsersPane.lines(
                model, changes: changes, rows: layout.browsers.inner.height, width: layout.browsers.inner.width),
            in: layout.browsers.inner)
        // Live mode with nginx or HAProxy: the pane names the key that shows the engine's configuration.
        // First, so a narrow pane cuts the policy rather than the key.
        let balancerTitle = BalancerPane.title(
            model, prefix: model.engineConfig != nil ? "E config │ " : "", width: layout.balancer.width)
        screen.box(layout.balancer, title: balancerTitle, titleStyle: changes.balancer ? .changed : .bold)
        screen.draw(
            BalancerPane.lines(
                model, changes: changes, rows: layout.balancer.inner.height, width: layout.balancer.inner.width),
            in: layout.balancer.inner)
        screen.box(
            layout.store, title: StorePane.title(model, width: layout.store.width),
            titleStyle: changes.store ? .changed : .bold)
        screen.draw(
            StorePane.lines(
                model, changes: changes, rows: layout.store.inner.height, width: layout.store.inner.width),
            in: layout.store.inner)

        // Servers side by side; with many, a window around the selected one.
        servers(&screen, model: model, changes: changes, layout: layout)

        screen.box(layout.trace, title: TracePane.title(model))
        screen.draw(
            TracePane.lines(model, rows: layout.trace.inner.height, width: layout.trace.inner.width),
            in: layout.trace.inner)

        let narration = layout.narrationContent
        let narrationRows = layout.narration.inner.height
        screen.box(layout.narration, title: NarrationPane.title(model, content: narration, rows: narrationRows))
        let narrationTop = NarrationPane.top(narration, rows: narrationRows, scroll: model.ui.narrationScroll)
        screen.draw(Array(narration.lines.dropFirst(narrationTop)), in: layout.narration.inner)

        let y = layout.statusY
        statusLine(&screen, model: model, y: y)
        keyBar(&screen, model: model, y: y + 1)
        return screen
    }

    private static func header(_ screen: inout Screen, model: AppModel) {
        let bar = Style(reverse: true)
        screen.fill(x: 0, y: 0, width: screen.width, style: bar)
        screen.put(Header.text(model, width: screen.width), x: 0, y: 0, style: Style(bold: true, reverse: true))
    }

    private static func servers(_ screen: inout Screen, model: AppModel, changes: Changes, layout: Layout) {
        if let list = layout.serverList, let (_, table) = layout.servers.first {
            ServerOverview.draw(&screen, model: model, changes: changes, list: list, table: table)
            return
        }
        let servers = model.world.servers
        let first = layout.firstServer
        let fit = layout.servers.count
        for (slot, (number, rect)) in layout.servers.enumerated() {
            let server = servers[number - 1]
            var title = ServerPane.title(model, server: server)
            // Scroll hints go first so a narrow pane never cuts them off.
            if slot == 0 && first > 0 { title = "← \(first) more │ " + title }
            if slot == fit - 1 && first + fit < servers.count {
                title = "\(servers.count - first - fit) more → │ " + title
            }
            let style: Style = !server.isUp ? .bad : changes.servers.contains(server.number) ? .changed : .bold
            screen.box(rect, title: title, titleStyle: style)
            screen.draw(
                ServerPane.lines(
                    model, server: server, changes: changes, rows: rect.inner.height, width: rect.inner.width),
                in: rect.inner)
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
            let full = line.text.isEmpty && !line.placeholder.isEmpty ? "[\(line.placeholder)]" : line.text
            let used = screen.put(line.prompt, x: 0, y: y, style: .bold)
            // A long line keeps its end (where the typing is) in view.
            let shown = DisplayWidth.tail(full, fitting: max(1, screen.width - used - 1))
            let textWidth = screen.put(shown, x: used, y: y, style: line.text.isEmpty ? .muted : .plain)
            screen.put("▏", x: used + textWidth, y: y, style: .bold)
        default:
            if let message = model.message {
                screen.put(message.text, x: 0, y: y, style: message.isError ? .bad : .plain, maxWidth: screen.width)
            } else if model.isReplay {
                let statements = model.timeline.statements
                var position = model.timeline.position
                // The next line the reader will see: narration in the other language is passed over.
                while Walkthrough.isHiddenNarration(statements, position, language: model.language) { position += 1 }
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

    private static func tooSmall(_ screen: inout Screen, language: String) {
        let lines = [
            L10n.text("tooSmall.1", language),
            L10n.format(
                "tooSmall.2", language, minimumSize.width, minimumSize.height, screen.width, screen.height),
            L10n.text("tooSmall.3", language),
        ]
        for (i, line) in lines.enumerated() {
            let w = DisplayWidth.of(line)
            screen.put(
                line, x: max(0, (screen.width - w) / 2), y: max(0, screen.height / 2 - 1) + i,
                style: i == 0 ? .bold : .plain)
        }
    }
}
