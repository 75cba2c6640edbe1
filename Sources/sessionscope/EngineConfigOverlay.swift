import SessionScopeUI

/// The engine's generated configuration (nginx or HAProxy, `--engine`) over the live
/// terminal UI (live-mode.md, "Engines": the balancer pane can show it). `E` opens it,
/// the arrows, Page Up/Down, Home and End scroll it, `E` or Esc closes it. It wraps the
/// terminal, so the UI's own keys and panes stay as they are: the balancer pane's border
/// names the key, and while the overlay is open no key reaches the UI.
final class EngineConfigOverlay: Terminal {
    private let inner: any Terminal
    /// The configuration now (it changes after `cluster` or a server's new port).
    private let config: () -> String?
    private var isShown = false
    private var scroll = 0
    /// Whether the UI's `:` or `/` line is being typed (its keys are the UI's).
    private var typing = false
    private var lastScreen: Screen?

    init(_ inner: any Terminal, config: @escaping () -> String?) {
        self.inner = inner
        self.config = config
    }

    var size: (width: Int, height: Int) { inner.size }

    func shutdown() { inner.shutdown() }

    func present(_ screen: Screen) {
        lastScreen = screen
        inner.present(decorated(screen))
    }

    func nextInput(timeout: Int) -> InputEvent? {
        guard let event = inner.nextInput(timeout: timeout) else { return nil }
        guard case .key(let key) = event else { return event }
        if isShown {
            handleShown(key)
            return nil
        }
        if typing {
            if key == .enter || key == .escape { typing = false }
            return event
        }
        if key == .character(":") || key == .character("/") {
            typing = true
            return event
        }
        guard key == .character("E"), config() != nil else { return event }
        isShown = true
        scroll = 0
        redraw()
        return nil
    }

    /// Keys while the overlay is open: scrolling and closing; nothing reaches the UI.
    private func handleShown(_ key: Key) {
        let lines = (config() ?? "").split(separator: "\n", omittingEmptySubsequences: false).count
        let page = max(1, size.height - 4)
        let last = max(0, lines - page)
        switch key {
        case .up, .character("k"): scroll = max(0, scroll - 1)
        case .down, .character("j"): scroll = min(last, scroll + 1)
        case .pageUp, .backTab: scroll = max(0, scroll - page)
        case .pageDown, .character(" "), .tab: scroll = min(last, scroll + page)
        case .home: scroll = 0
        case .end: scroll = last
        case .escape, .character("E"), .character("q"): isShown = false
        case .character, .left, .right, .enter, .backspace, .delete, .control: break
        }
        redraw()
    }

    private func redraw() {
        if let lastScreen { inner.present(decorated(lastScreen)) }
    }

    /// The UI's screen with the hint on the balancer pane's border, or the overlay.
    func decorated(_ screen: Screen) -> Screen {
        guard let text = config() else { return screen }
        var screen = screen
        guard isShown else {
            // The balancer pane's top border (the main layout's second row, after the
            // browsers pane's 38 %): only where that border is drawn.
            let right = screen.width * 38 / 100 + screen.width * 26 / 100 - 2
            let hint = " E config "
            let x = right - hint.count
            if screen.height > 2, x > 0, (x..<right).allSatisfy({ screen[$0, 1].character == "─" }) {
                _ = screen.put(hint, x: x, y: 1, style: .muted)
            }
            return screen
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        screen = Screen(width: screen.width, height: screen.height)
        let rect = Rect(x: 0, y: 0, width: screen.width, height: screen.height)
        let rows = max(1, screen.height - 2)
        let end = min(lines.count, scroll + rows)
        screen.box(
            rect,
            title: "Balancer: the engine's generated configuration (lines \(scroll + 1)-\(end) of \(lines.count); "
                + "↑↓ PgUp PgDn scroll, E or Esc closes)")
        for (row, line) in lines[min(scroll, lines.count)..<end].enumerated() {
            _ = screen.put(line, x: 1, y: 1 + row, maxWidth: screen.width - 2)
        }
        return screen
    }
}
