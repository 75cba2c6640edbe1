import SessionScopeCore
import SessionScopeScenario

/// Browsers and their cookie jars; the selected browser is marked ▶, what changed is bold
/// and marked *, the selected session is shown in reverse wherever it appears.
enum BrowsersPane {
    static func title(_ model: AppModel) -> String {
        BrowserList.title(model) ?? "Browsers (\(model.world.browsers.count))"
    }

    static func lines(_ model: AppModel, changes: Changes, rows: Int, width: Int) -> [StyledLine] {
        let world = model.world
        guard !world.browsers.isEmpty else {
            return [
                StyledLine(L10n.text("browsers.none", model.language), .muted),
                StyledLine(L10n.text("browsers.hint", model.language), .muted),
            ]
        }
        // Too many to show whole, or filtered: one line a browser (BrowserList.swift).
        if !model.ui.filter.isEmpty || !BrowserList.fullFits(model, rows: rows, width: width) {
            return BrowserList.lines(model, changes: changes, rows: rows, width: width)
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
            lines += row(model, index, changes: changes, width: width).map { $0.targeting(.browser(index)) }
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

    /// A browser's line: name, open or closed, address, and an outside client's mark. The
    /// selected client's mark goes on lines of its own when the line would cut it.
    static func row(_ model: AppModel, _ index: Int, changes: Changes, width: Int) -> [StyledLine] {
        let browser = model.world.browsers[index]
        var line = BrowserList.head(model, index, changes: changes, statusWidth: 7)
        line.append(browser.ip.description, .muted)
        guard let mark = ObservedClient.mark(model, browser, withAddress: false) else { return [line] }
        let whole = "  " + mark
        if index == model.selectedBrowser, DisplayWidth.of(line.plainText + whole) > width {
            return [line] + ObservedClient.block(model, browser, withAddress: false, width: width)
        }
        line.append(whole, .muted)
        return [line]
    }
}
