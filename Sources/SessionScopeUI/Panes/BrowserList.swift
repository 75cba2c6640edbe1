import SessionScopeCore
import SessionScopeScenario

/// The browsers pane when a browser a block does not fit (or a filter is on): one line a
/// browser with its session cookie, the selected one opened up with its jar when there is
/// room, and "N more" markers when even one line each does not fit.
enum BrowserList {
    /// Whether every browser with every cookie fits in `rows` (stops counting once not).
    static func fullFits(_ model: AppModel, rows: Int, width: Int) -> Bool {
        let now = model.world.unixMilliseconds
        // The selected outside client's mark may take lines of its own (BrowsersPane.row).
        var used = 0
        if model.world.browsers.indices.contains(model.selectedBrowser) {
            used = BrowsersPane.row(model, model.selectedBrowser, changes: Changes([]), width: width).count - 1
        }
        for browser in model.world.browsers {
            used += 1 + browser.jar.cookies.count { !$0.isExpired(at: now) }
            if used > rows { return false }
        }
        return true
    }

    static func title(_ model: AppModel) -> String? {
        guard !model.ui.filter.isEmpty else {
            return L10n.format("pane.browsers", model.language, model.world.browsers.count)
        }
        let matching = matches(model).count
        return L10n.format(
            "pane.browsers", model.language,
            L10n.format("filter.title", model.language, matching, model.world.browsers.count, model.ui.filter))
    }

    /// The indices of the browsers the filter shows (at most 10 000, so a crowd stays quick).
    static func matches(_ model: AppModel) -> [Int] {
        let world = model.world
        guard !model.ui.filter.isEmpty else { return Array(world.browsers.indices) }
        var out: [Int] = []
        for index in world.browsers.indices
        where Filter.matches(world.browsers[index], world: world, filter: model.ui.filter) {
            out.append(index)
            if out.count >= 10_000 { break }
        }
        return out
    }

    static func lines(_ model: AppModel, changes: Changes, rows: Int, width: Int) -> [StyledLine] {
        let world = model.world
        let shown = model.ui.filter.isEmpty ? nil : matches(model)
        let count = shown?.count ?? world.browsers.count
        guard count > 0 else {
            return [StyledLine(L10n.format("filter.none", model.language, model.ui.filter), .muted)]
        }
        let index = { (i: Int) in shown?[i] ?? i }
        let selectedSlot =
            shown.map { $0.firstIndex(of: model.selectedBrowser) ?? 0 } ?? min(model.selectedBrowser, count - 1)
        // The selected outside client's address, mark and User-Agent, wrapped under its row:
        // rows kept for them first, leaving at least one row and both "N more" markers.
        // Only when its row would cut them.
        let selected = model.selectedBrowser
        let selectedShown = shown?.contains(selected) ?? world.browsers.indices.contains(selected)
        let cut = selectedShown && DisplayWidth.of(line(model, selected, changes: changes).plainText) > width
        let block =
            cut
            ? ObservedClient.block(
                model, world.browsers[selected], withAddress: true, width: width, limit: max(0, rows - 3))
            : []
        let slots = ListWindow(total: count, rows: rows - block.count, selected: selectedSlot)
        let (first, window) = (slots.first, slots.count)
        let (above, below) = slots.hidden(total: count)
        var lines: [StyledLine] = []
        if above > 0 { lines.append(StyledLine(L10n.format("more.above", model.language, above), .muted)) }
        let spare = rows - block.count - window - (above > 0 ? 1 : 0) - (below > 0 ? 1 : 0)
        for slot in first..<(first + window) {
            let browserIndex = index(slot)
            let row = line(model, browserIndex, changes: changes, marked: browserIndex != selected || block.isEmpty)
            lines.append(row.targeting(.browser(browserIndex)))
            if browserIndex == selected { lines += block.map { $0.targeting(.browser(browserIndex)) } }
            if browserIndex == model.selectedBrowser, spare > 0 {
                lines += cookieLines(model, world.browsers[browserIndex]).prefix(spare).map {
                    $0.targeting(.browser(browserIndex))
                }
            }
        }
        if below > 0 { lines.append(StyledLine(L10n.format("more.below", model.language, below), .muted)) }
        return lines
    }

    /// The start of a browser's line in both layouts (BrowsersPane's too): ▶ when selected, *
    /// when the step changed it, its name, and open or closed padded to `statusWidth`.
    static func head(_ model: AppModel, _ index: Int, changes: Changes, statusWidth: Int) -> StyledLine {
        let browser = model.world.browsers[index]
        let selected = index == model.selectedBrowser
        let changed = changes.browsers.contains(browser.name)
        var line = StyledLine()
        line.append(selected ? "▶" : " ", selected ? .bold : .plain)
        line.append(changed ? "*" : " ", .changed)
        line.append(Format.pad(browser.name, 8), selected || changed ? .bold : .plain)
        let status = L10n.text(browser.isOpen ? "browser.open" : "browser.closed", model.language)
        line.append(" " + Format.pad(status, statusWidth), browser.isOpen ? .good : .muted)
        return line
    }

    /// How long a cookie lives on: "expires in …" or "session" (ends with the browser).
    static func lifetime(_ cookie: Cookie, now: Int64, language: String) -> String {
        cookie.expiry.map {
            L10n.format("browser.expiresIn", language, Format.clock(TimeSpan(milliseconds: $0 - now)))
        } ?? L10n.text("browser.session", language)
    }

    /// A browser's line; `marked`: with an outside client's address and mark.
    private static func line(_ model: AppModel, _ index: Int, changes: Changes, marked: Bool = true) -> StyledLine {
        let world = model.world
        let browser = world.browsers[index]
        let selected = index == model.selectedBrowser
        var line = head(model, index, changes: changes, statusWidth: 6)
        let now = world.unixMilliseconds
        let live = browser.jar.cookies.filter { !$0.isExpired(at: now) }
        if let session = live.first(where: { $0.name == world.settings.cookieName }) ?? live.first {
            let isSelected = selected && SessionID(hex: session.value) == model.selectedSession
            line.append(
                "\(session.name)=\(EventText.abbreviate(session.value, limit: 6))", isSelected ? .selected : .plain)
            if live.count > 1 { line.append(" +\(live.count - 1)", .muted) }
        }
        // An outside client's address and mark, cut at the pane's edge (the selected one's
        // show whole under it).
        if marked, let mark = ObservedClient.mark(model, browser, withAddress: true) {
            line.append("  " + mark, .muted)
        }
        return line
    }

    private static func cookieLines(_ model: AppModel, _ browser: Browser) -> [StyledLine] {
        let now = model.world.unixMilliseconds
        return browser.jar.cookies.filter { !$0.isExpired(at: now) }.map { cookie in
            var c = StyledLine("    ")
            c.append("\(cookie.name)=\(EventText.abbreviate(cookie.value, limit: 11))")
            c.append("  \(lifetime(cookie, now: now, language: model.language))", .muted)
            return c
        }
    }
}
