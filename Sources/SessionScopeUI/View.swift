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
            help(&screen, model: model)
            return screen
        }
        let changes = Changes(model.timeline.steps.last?.events ?? [])
        header(&screen, model: model)

        // Rows: header, top panes, servers, trace, narration, status, key bar.
        let narrationHeight = height < 30 ? 3 : 4
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
            title: model.traceScroll > 0 ? "Trace (scrolled up \(model.traceScroll); = scrolls down)" : "Trace")
        screen.draw(TracePane.lines(model, rows: traceRect.inner.height), in: traceRect.inner)
        y += traceHeight

        let narrationRect = Rect(x: 0, y: y, width: width, height: narrationHeight)
        screen.box(narrationRect, title: "Narration" + (model.language == "en" ? "" : " (\(model.language))"))
        let narration = NarrationPane.lines(model, width: narrationRect.inner.width)
        screen.draw(narration.suffix(narrationRect.inner.height).map { StyledLine($0) }, in: narrationRect.inner)
        y += narrationHeight

        statusLine(&screen, model: model, y: y)
        keyBar(&screen, model: model, y: y + 1)
        return screen
    }

    private static func header(_ screen: inout Screen, model: AppModel) {
        let world = model.world
        let bar = Style(reverse: true)
        screen.fill(x: 0, y: 0, width: screen.width, style: bar)
        var parts = [
            "sessionscope",
            "clock \(world.clock) " + (model.clockRunning ? "▶ \(AppModel.speeds[model.speedIndex])/s" : "⏸"),
        ]
        if let live = model.live { parts.insert("live \(live.url)", at: 1) }
        if model.isReplay {
            parts.append(
                "step \(model.timeline.position)/\(model.timeline.statements.count)" + (model.playing ? " ▶" : ""))
        }
        parts.append(world.settings.summary)
        screen.put(" " + parts.joined(separator: " │ "), x: 0, y: 0, style: Style(bold: true, reverse: true))
    }

    private static func servers(_ screen: inout Screen, model: AppModel, changes: Changes, y: Int, height: Int) {
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
                    ? "next: line \(model.timeline.statements[position].location.line): "
                        + "\(model.timeline.statements[position].text)"
                    : "end of scenario"
                screen.put(next, x: 0, y: y, style: .muted, maxWidth: screen.width)
            }
        }
    }

    private static func keyBar(_ screen: inout Screen, model: AppModel, y: Int) {
        var items = KeyMap.keyBar
        if model.isReplay { items.insert(contentsOf: [("→", "step"), ("←", "back"), ("p", "play")], at: 0) }
        var x = 0
        for (key, label) in items {
            let width = DisplayWidth.of(key) + 1 + DisplayWidth.of(label) + 2
            guard x + width <= screen.width else { break }
            x += screen.put(key, x: x, y: y, style: Style(bold: true, reverse: true))
            x += screen.put(" " + label + "  ", x: x, y: y)
        }
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

    private static func help(_ screen: inout Screen, model: AppModel) {
        let rect = Rect(x: 0, y: 0, width: screen.width, height: screen.height)
        screen.box(rect, title: "Help — any key returns")
        var lines: [StyledLine] = []
        var group = ""
        for binding in KeyMap.bindings {
            if binding.group != group {
                group = binding.group
                lines.append(StyledLine(group, .bold))
            }
            lines.append(StyledLine([("  " + Format.pad(binding.label, 10), .bold), (binding.help, .plain)]))
        }
        lines.append(StyledLine(""))
        lines.append(
            StyledLine(
                ":  takes any scenario statement: browser alice · alice login alice · server-2 kill · advance 31m",
                .muted))
        // Two columns when the list is longer than the screen.
        let inner = rect.inner
        let perColumn = inner.height
        if lines.count <= perColumn {
            screen.draw(lines, in: inner)
        } else {
            let half = inner.width / 2
            screen.draw(
                Array(lines.prefix(perColumn)), in: Rect(x: inner.x, y: inner.y, width: half - 1, height: perColumn))
            screen.draw(
                Array(lines.dropFirst(perColumn)),
                in: Rect(x: inner.x + half, y: inner.y, width: inner.width - half, height: perColumn))
        }
    }
}
