import SessionScopeCore
import SessionScopeScenario

/// Browsers and their cookie jars; the selected browser is marked ▶, what changed is bold
/// and marked *, the selected session is shown in reverse wherever it appears.
enum BrowsersPane {
    static func title(_ model: AppModel) -> String {
        BrowserList.title(model) ?? "Browsers (\(model.world.browsers.count))"
    }

    static func lines(_ model: AppModel, changes: Changes, rows: Int) -> [StyledLine] {
        let world = model.world
        guard !world.browsers.isEmpty else {
            return [
                StyledLine(L10n.text("browsers.none", model.language), .muted),
                StyledLine(L10n.text("browsers.hint", model.language), .muted),
            ]
        }
        // Too many to show whole, or filtered: one line a browser (BrowserList.swift).
        if !model.ui.filter.isEmpty || !BrowserList.fullFits(model, rows: rows) {
            return BrowserList.lines(model, changes: changes, rows: rows)
        }
        let now = world.unixMilliseconds
        let selectedSession = model.selectedSession?.description
        // Everything fits here (BrowserList takes the rest), so start at the first.
        let start = 0
        var lines: [StyledLine] = []
        var index = start
        while index < world.browsers.count, lines.count < rows {
            let browser = world.browsers[index]
            let selected = index == model.selectedBrowser
            var line = BrowserList.head(model, index, changes: changes, statusWidth: 7)
            line.append(browser.ip.description, .muted)
            if let agent = model.observedClients[browser.name] {
                line.append(
                    "  " + L10n.text("browser.observed", model.language) + (agent.isEmpty ? "" : " · \(agent)"), .muted)
            }
            lines.append(line.targeting(.browser(index)))
            for cookie in browser.jar.cookies where !cookie.isExpired(at: now) {
                var c = StyledLine("    ")
                let isSelected = selected && cookie.value == selectedSession
                c.append(
                    "\(cookie.name)=\(EventText.abbreviate(cookie.value, limit: 11))", isSelected ? .selected : .plain)
                let lifetime = BrowserList.lifetime(cookie, now: now, language: model.language)
                c.append("  \(lifetime)\(cookie.httpOnly ? " HttpOnly" : "")", .muted)
                lines.append(c.targeting(.browser(index)))
            }
            index += 1
        }
        return lines
    }
}
