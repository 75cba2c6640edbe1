/// The `?` screen, from the key map: every binding by group, its text wrapped at word
/// boundaries under its key, in one column (two from 120 columns), in pages when it is longer
/// than the window.
enum HelpScreen {
    static let labelWidth = 9

    /// The help as lines for a column of `width`.
    static func lines(_ model: AppModel, width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        var group = ""
        let textWidth = max(10, width - 2 - labelWidth)
        for binding in KeyMap.bindings {
            // Only where there is an engine's configuration to show (live mode, nginx or HAProxy).
            if binding.action == .engineConfig, model.engineConfig == nil { continue }
            if binding.group != group {
                if !group.isEmpty { lines.append(StyledLine("")) }
                group = binding.group
                lines.append(StyledLine(L10n.group(group, model.language), .bold))
            }
            let wrapped = Format.wrap(L10n.help(binding, model.language), width: textWidth)
            for (i, text) in wrapped.enumerated() {
                let label = i == 0 ? Format.pad(binding.label, labelWidth) : String(repeating: " ", count: labelWidth)
                lines.append(StyledLine([("  " + label, .bold), (text, .plain)]))
            }
        }
        lines.append(StyledLine(""))
        for key in ["help.command", "help.filter"] {
            lines += Format.wrap(L10n.text(key, model.language), width: width).map { StyledLine($0, .muted) }
        }
        return lines
    }

    static func columns(width: Int) -> Int { width >= 120 ? 2 : 1 }

    /// How many pages the help takes in a window.
    static func pages(_ model: AppModel, width: Int, height: Int) -> Int {
        let inner = Rect(x: 0, y: 0, width: width, height: height).inner
        let columns = columns(width: inner.width)
        let columnWidth = inner.width / columns - (columns > 1 ? 1 : 0)
        let perPage = max(1, inner.height * columns)
        return max(1, (lines(model, width: columnWidth).count + perPage - 1) / perPage)
    }

    static func draw(_ screen: inout Screen, model: AppModel) {
        let rect = Rect(x: 0, y: 0, width: screen.width, height: screen.height)
        let inner = rect.inner
        let columns = columns(width: inner.width)
        let columnWidth = inner.width / columns - (columns > 1 ? 1 : 0)
        let all = lines(model, width: columnWidth)
        let perPage = max(1, inner.height * columns)
        let pages = max(1, (all.count + perPage - 1) / perPage)
        let page = min(max(0, model.ui.helpScroll), pages - 1)
        let title =
            pages > 1
            ? L10n.format("help.titlePaged", model.language, page + 1, pages) : L10n.text("help.title", model.language)
        screen.box(rect, title: title)
        let shown = Array(all.dropFirst(page * perPage).prefix(perPage))
        for column in 0..<columns {
            let part = Array(shown.dropFirst(column * inner.height).prefix(inner.height))
            let x = inner.x + column * (inner.width / columns)
            screen.draw(part, in: Rect(x: x, y: inner.y, width: columnWidth, height: inner.height))
        }
    }
}

extension AppModel {
    /// Keys on the help screen: ↓ PgDn Space turn the page, ↑ PgUp back; others close it.
    /// Returns false when the key closes the help.
    mutating func scrollHelp(_ key: Key) -> Bool {
        switch key {
        case .down, .pageDown, .character(" "), .character("j"):
            ui.helpScroll += 1
            return true
        case .up, .pageUp, .character("k"):
            ui.helpScroll = max(0, ui.helpScroll - 1)
            return true
        default:
            ui.helpScroll = 0
            return false
        }
    }
}
