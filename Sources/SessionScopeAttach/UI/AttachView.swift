import Foundation
import SessionScopeUI

/// The attach screen as a pure function of the model: the store pane (summary, progress,
/// a row per session), or one session whole, or help; and the key bar.
public enum AttachView {
    public static let minimumWidth = 60
    public static let minimumHeight = 10

    public static func render(_ model: AttachModel, width: Int, height: Int) -> Screen {
        var screen = Screen(width: width, height: height)
        guard width >= minimumWidth, height >= minimumHeight else {
            screen.put("terminal too small: need \(minimumWidth)×\(minimumHeight)", x: 0, y: 0, style: .bad)
            return screen
        }
        let pane = Rect(x: 0, y: 0, width: width, height: height - 1)
        if model.showHelp {
            help(&screen, pane)
        } else if let detail = model.detail {
            self.detail(&screen, pane, detail, model)
        } else {
            store(&screen, pane, model)
        }
        let bar: String
        if model.editingFilter {
            bar = "filter: \(model.filter)▏  Enter keep  Esc clear"
        } else if let message = model.message {
            bar = message
        } else {
            bar = model.detail == nil ? AttachKeyMap.keyBar : "Esc back  ↑↓ scroll  q quit"
        }
        screen.put(bar, x: 1, y: height - 1, style: model.editingFilter ? .changed : .muted, maxWidth: width - 2)
        return screen
    }

    /// Columns of the session table: title and width (the last takes the rest).
    static func columns(width: Int) -> [(String, Int)] {
        [
            ("ID", 26), ("USER", 12), ("IDLE", 8), ("TTL", 8), ("BYTES", 7), ("MARKS", 14),
            ("ATTRIBUTES", max(0, width - 77)),
        ]
    }

    static func store(_ screen: inout Screen, _ pane: Rect, _ model: AttachModel) {
        screen.box(pane, title: "Store: \(model.label)")
        let inner = pane.inner
        var y = inner.y
        screen.put(model.snapshot.summary, x: inner.x + 1, y: y, style: .bold, maxWidth: inner.width - 2)
        y += 1
        screen.put(progress(model), x: inner.x + 1, y: y, style: .muted, maxWidth: inner.width - 2)
        y += 1
        var x = inner.x + 1
        for (title, w) in columns(width: inner.width) {
            screen.put(title, x: x, y: y, style: Style(underline: true), maxWidth: w - 1)
            x += w
        }
        y += 1
        let rows = model.visibleRows
        let visible = max(1, inner.y + inner.height - y)
        var scroll = model.scroll
        if model.selected < scroll { scroll = model.selected }
        if model.selected >= scroll + visible { scroll = model.selected - visible + 1 }
        if rows.isEmpty {
            let text =
                model.filter.isEmpty
                ? (model.snapshot.complete ? "no sessions" : "reading…") : "no session matches '\(model.filter)'"
            screen.put(text, x: inner.x + 1, y: y, style: .muted)
        }
        for (index, row) in rows.enumerated().dropFirst(scroll).prefix(visible) {
            let selected = index == model.selected
            let odd = !row.anomalies.isEmpty
            let base: Style = selected ? .selected : (odd ? Style(color: .yellow) : .plain)
            if selected {
                screen.fill(x: inner.x, y: y, width: inner.width, style: .selected)
                // Not by colour alone: a marker too.
                screen.put("▶", x: inner.x, y: y, style: .selected)
            }
            let cells = cells(row, now: model.now)
            x = inner.x + 1
            for ((_, w), text) in zip(columns(width: inner.width), cells) {
                screen.put(DisplayWidth.truncate(text, to: max(1, w - 1)), x: x, y: y, style: base, maxWidth: w - 1)
                x += w
            }
            y += 1
        }
    }

    /// A row's cells in the columns' order.
    static func cells(_ row: SessionRow, now: Date) -> [String] {
        let idle: String = row.lastAccess.map { AttachSnapshot.duration(now.timeIntervalSince($0)) } ?? "-"
        let none: String = row.anomalies.contains(.noTTL) ? "none" : "-"
        let ttl: String = row.ttlSeconds.map { AttachSnapshot.duration(Double($0)) } ?? none
        let marks: String = row.anomalies.map { "!" + $0.mark }.joined(separator: " ")
        let note: String = row.note.map { " (\($0))" } ?? ""
        return [
            row.id, row.user ?? "?", idle, ttl, String(row.bytes), marks, row.attributes.joined(separator: ",") + note,
        ]
    }

    static func progress(_ model: AttachModel) -> String {
        var parts: [String] = []
        if let scanning = model.scanning, !scanning.complete {
            let total = scanning.estimatedTotal.map { " of ~\($0)" } ?? ""
            parts.append("scanning: \(scanning.scanned) keys\(total), \(scanning.count) sessions so far…")
        } else {
            parts.append("read again every \(AttachSnapshot.duration(Double(model.everyMilliseconds) / 1000))")
        }
        if model.snapshot.count > model.snapshot.rows.count {
            parts.append("listing the first \(model.snapshot.rows.count)")
        }
        if !model.filter.isEmpty { parts.append("filter '\(model.filter)': \(model.visibleRows.count)") }
        return parts.joined(separator: " · ")
    }

    static func detail(_ screen: inout Screen, _ pane: Rect, _ detail: SessionDetail, _ model: AttachModel) {
        screen.box(pane, title: "Session \(detail.row.id)")
        var lines: [StyledLineText] = []
        let row = detail.row
        lines.append(("key          \(row.key)", .plain))
        lines.append(("user         \(row.user ?? "? (not found)")", .bold))
        lines.append(("created      \(row.created.map(ISODates.string) ?? "-")", .plain))
        lines.append(("last access  \(row.lastAccess.map(ISODates.string) ?? "-")", .plain))
        lines.append(("expires      \(row.expires.map(ISODates.string) ?? "-")", .plain))
        lines.append(("ttl          \(row.ttlSeconds.map { "\($0) s" } ?? "none")", .plain))
        lines.append(("bytes        \(row.bytes)", .plain))
        if !row.anomalies.isEmpty {
            lines.append(("marks        \(row.anomalies.map(\.rawValue).joined(separator: ", "))", .bad))
        }
        if let note = row.note { lines.append(("note         \(note)", .muted)) }
        lines.append(("", .plain))
        lines.append(("attributes", Style(underline: true)))
        if let decoded = detail.decoded {
            for entry in decoded.attributes {
                lines.append(("  \(entry.key.text ?? entry.key.rendered) = \(entry.value.rendered)", .plain))
            }
            if decoded.attributes.isEmpty { lines.append(("  (none)", .muted)) }
        } else {
            lines.append(("  (not decoded)", .muted))
        }
        lines.append(("", .plain))
        lines.append(("raw value", Style(underline: true)))
        let inner = pane.inner
        for line in detail.raw.shown.split(separator: "\n", omittingEmptySubsequences: false) {
            // Long raw values wrap at the pane's width.
            var rest = Substring(line)
            repeat {
                lines.append(("  " + rest.prefix(inner.width - 4), .muted))
                rest = rest.dropFirst(inner.width - 4)
            } while !rest.isEmpty
        }
        for (offset, line) in lines.dropFirst(model.detailScroll).prefix(inner.height).enumerated() {
            screen.put(line.0, x: inner.x + 1, y: inner.y + offset, style: line.1, maxWidth: inner.width - 2)
        }
    }

    typealias StyledLineText = (String, Style)

    static func help(_ screen: inout Screen, _ pane: Rect) {
        screen.box(pane, title: "Help: attach (read-only)")
        let inner = pane.inner
        var y = inner.y
        for binding in AttachKeyMap.bindings where y < inner.y + inner.height {
            screen.put(binding.label, x: inner.x + 2, y: y, style: .bold)
            screen.put(binding.help, x: inner.x + 12, y: y, maxWidth: inner.width - 14)
            y += 1
        }
        let marks = [
            "", "marks: !no-ttl no TTL (never expires)  !expired expired but still stored",
            "       !undecodable value not read (reason in the row)  !big over 4 KiB",
            "any key closes this help",
        ]
        for line in marks where y < inner.y + inner.height {
            screen.put(line, x: inner.x + 2, y: y, style: .muted, maxWidth: inner.width - 4)
            y += 1
        }
    }
}
