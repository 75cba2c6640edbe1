import SessionScopeCore

/// The balancer: its policy, the next round-robin pick, and where each browser last went.
enum BalancerPane {
    /// `Balancer: round-robin`, or the policy alone when the pane is too narrow for both
    /// (80 columns): the policy is what the pane is about. `prefix` (live mode's `E config │ `)
    /// comes first, so a pane too narrow still cuts the policy rather than the key.
    static func title(_ model: AppModel, prefix: String = "", width: Int = .max) -> String {
        let policy = model.world.settings.balancer.rawValue
        let whole = prefix + L10n.format("pane.balancer", model.language, policy)
        return DisplayWidth.of(whole) <= width - 4 ? whole : prefix + policy
    }

    static func lines(_ model: AppModel, changes: Changes, rows: Int, width: Int = .max) -> [StyledLine] {
        let world = model.world
        var lines: [StyledLine] = []
        let up = world.servers.map(\.isUp)
        let live = up.filter { $0 }.count
        let language = model.language
        let policy: String
        switch world.settings.balancer {
        case .roundRobin, .stickyCookie:
            policy = L10n.format(
                "balancer.next", language,
                world.balancer.nextRoundRobinPick(servers: world.servers).map { "server-\($0)" }
                    ?? L10n.text("balancer.none", language))
        case .ipHash: policy = L10n.text("balancer.ipHash", language)
        case .leastSessions: policy = L10n.text("balancer.least", language)
        case .random: policy = L10n.text("balancer.random", language)
        }
        // Wrapped between words in a narrow pane (`server = hash(ip)` above `mod n` at 80 columns).
        lines += Format.wrap(L10n.format("balancer.up", language, live, world.servers.count), width: width)
            .map { StyledLine($0, live == 0 ? .bad : .plain) }
        lines += Format.wrap(policy, width: width).map { StyledLine($0, .muted) }
        // The selected session shows in reverse in every browser that carries it (its owner,
        // and a thief holding a copy): which server each of them reaches is the point.
        let selectedSession = model.selectedSession?.description
        let cookieName = world.settings.cookieName
        // A window that shows the selected browser, from the first when all of them fit (a row
        // each, and those of the selected browser's reason).
        let reasonRows = world.browsers.indices.contains(model.selectedBrowser) ? reasonLines(model, width: width) : 0
        let fitting = world.browsers.count - (rows - lines.count - reasonRows)
        let start = max(0, min(model.selectedBrowser - max(0, (rows - 2) / 4), fitting))
        // One reason reads one way in the pane: when a browser shown has no room for its whole
        // reason, every other browser's is abbreviated too (the selected one's stays whole).
        let shown = world.browsers[start..<min(world.browsers.count, start + max(0, rows))]
        let abbreviated = shown.contains { browser in
            guard let route = browser.lastRoute, browser.name != model.browser?.name else { return false }
            let whole = "  \(browser.name) → server-\(route.server) (\(Reasons(route.why, language: language).whole))"
            return DisplayWidth.of(whole) > width
        }
        var index = start
        while index < world.browsers.count, lines.count < rows {
            let browser = world.browsers[index]
            if let route = browser.lastRoute {
                let changed = changes.browsers.contains(browser.name) && changes.balancer
                let carries =
                    selectedSession.map { id in browser.jar.cookies.contains { $0.name == cookieName && $0.value == id }
                    } ?? false
                let selected = index == model.selectedBrowser
                let marker = (selected ? "▶" : " ") + (changed ? "*" : " ")
                let parts = RouteText(marker: marker, browser: browser.name, arrow: " → server-\(route.server)")
                lines += routeLines(
                    parts, reasons: Reasons(route.why, language: language), selected: selected, width: width,
                    rows: rows - lines.count, abbreviated: abbreviated
                )
                .map { text in
                    let runs: [(String, Style)] = [
                        (text.marker, changed ? .changed : .bold),
                        (text.browser, carries ? .selected : changed ? .changed : .plain),
                        (text.arrow, .bold), (text.reason, .muted),
                    ]
                    return StyledLine(runs.filter { !$0.0.isEmpty })
                }
            }
            index += 1
        }
        return lines
    }

    /// How many lines the selected browser's reason takes below it (none when it fits inline).
    private static func reasonLines(_ model: AppModel, width: Int) -> Int {
        let browser = model.world.browsers[model.selectedBrowser]
        guard let route = browser.lastRoute else { return 0 }
        let parts = RouteText(marker: "▶*", browser: browser.name, arrow: " → server-\(route.server)")
        return routeLines(
            parts, reasons: Reasons(route.why, language: model.language), selected: true, width: width, rows: .max
        ).count - 1
    }

    /// One line of a browser's route, in the parts that are styled apart: a marker, the
    /// browser, the arrow to its server, and the reason (a line of its own has only a marker,
    /// the indent, and the reason).
    struct RouteText: Equatable {
        var marker: String
        var browser: String
        var arrow: String
        var reason = ""

        var text: String { marker + browser + arrow + reason }
    }

    /// Why the balancer chose the server, whole (`round robin`) and in a word (`rr`).
    struct Reasons: Equatable {
        var whole: String
        var short: String

        init(whole: String, short: String) {
            self.whole = whole
            self.short = short
        }

        init(_ why: RouteReason, language: String) {
            whole = Format.shortRoute(why, language: language)
            short = Format.shortRoute(why, language: language, abbreviated: true)
        }
    }

    /// A route as lines that are never cut inside a word or a wide character: the whole line
    /// when it fits; else, for the selected browser, the whole reason on a line of its own
    /// below (when there is a row for it); else the reason abbreviated (`rr`), or left out.
    /// An arrow that does not fit loses its spaces (`mallory→server-1`), then the name is
    /// abbreviated with `…`. `abbreviated` asks for the short reason even where the whole
    /// fits, except for the selected browser.
    static func routeLines(
        _ route: RouteText, reasons: Reasons, selected: Bool, width: Int, rows: Int, abbreviated: Bool = false
    ) -> [RouteText] {
        let reason = reasons.whole
        var line = route
        line.reason = " (\(reason))"
        if DisplayWidth.of(line.text) <= width, selected || !abbreviated { return [line] }
        line.reason = ""
        if DisplayWidth.of(line.text) > width { line.arrow = line.arrow.replacingAll(" → ", "→") }
        // A name too long even then (`guest-1234` at 80 columns) is abbreviated, visibly.
        let room = width - DisplayWidth.of(line.marker + line.arrow)
        if DisplayWidth.of(line.browser) > room, room >= 2 {
            line.browser = DisplayWidth.truncate(line.browser, to: room)
        }
        if selected, rows >= 2 {
            // Indented under the browser's name, wrapped between words if even that is too wide.
            let indent = String(repeating: " ", count: DisplayWidth.of(route.marker))
            let wrapped = Format.wrap("(\(reason))", width: max(1, width - indent.count))
            if wrapped.count < rows {
                return [line]
                    + wrapped.map { RouteText(marker: indent, browser: "", arrow: "", reason: $0) }
            }
        }
        var short = line
        short.reason = " (\(reasons.short))"
        if DisplayWidth.of(short.text) <= width { return [short] }
        return [line]
    }
}
