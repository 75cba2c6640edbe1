import SessionScopeCore

/// The balancer: its policy, the next round-robin pick, and where each browser last went.
enum BalancerPane {
    static func title(_ model: AppModel) -> String {
        L10n.format("pane.balancer", model.language, model.world.settings.balancer.rawValue)
    }

    static func lines(_ model: AppModel, changes: Changes, rows: Int) -> [StyledLine] {
        let world = model.world
        var lines: [StyledLine] = []
        let up = world.servers.map(\.isUp)
        let live = up.filter { $0 }.count
        let language = model.language
        lines.append(
            StyledLine(L10n.format("balancer.up", language, live, world.servers.count), live == 0 ? .bad : .plain))
        switch world.settings.balancer {
        case .roundRobin, .stickyCookie:
            lines.append(
                StyledLine(
                    L10n.format(
                        "balancer.next", language,
                        world.balancer.nextRoundRobinPick(servers: world.servers).map { "server-\($0)" }
                            ?? L10n.text("balancer.none", language)),
                    .muted))
        case .ipHash: lines.append(StyledLine(L10n.text("balancer.ipHash", language), .muted))
        case .leastSessions: lines.append(StyledLine(L10n.text("balancer.least", language), .muted))
        case .random: lines.append(StyledLine(L10n.text("balancer.random", language), .muted))
        }
        // The selected session shows in reverse in every browser that carries it (its owner,
        // and a thief holding a copy): which server each of them reaches is the point.
        let selectedSession = model.selectedSession?.description
        let cookieName = world.settings.cookieName
        let start = max(0, model.selectedBrowser - max(0, (rows - 2) / 4))
        var index = start
        while index < world.browsers.count, lines.count < rows {
            let browser = world.browsers[index]
            if let route = browser.lastRoute {
                let changed = changes.browsers.contains(browser.name) && changes.balancer
                let carries =
                    selectedSession.map { id in browser.jar.cookies.contains { $0.name == cookieName && $0.value == id }
                    } ?? false
                let marker = (index == model.selectedBrowser ? "▶" : " ") + (changed ? "*" : " ")
                lines.append(
                    StyledLine([
                        (marker, changed ? .changed : .bold),
                        (browser.name, carries ? .selected : changed ? .changed : .plain),
                        (" → server-\(route.server)", .bold),
                        (" (\(Format.shortRoute(route.why, language: language)))", .muted),
                    ]))
            }
            index += 1
        }
        return lines
    }
}
