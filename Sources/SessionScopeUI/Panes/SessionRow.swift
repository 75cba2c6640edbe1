import SessionScopeCore
import SessionScopeScenario

/// One session as a table row (id, user, idle, time left), shared by the server panes and
/// the store pane; the selected session is reversed, a changed one highlighted.
enum SessionRow {
    static func header(idWidth: Int, language: String) -> StyledLine {
        let word = { (key: String) in L10n.text(key, language) }
        return StyledLine(
            Format.pad(word("table.id"), idWidth) + " " + Format.pad(word("table.user"), 8) + " "
                + Format.pad(word("table.idle"), 6) + " " + word("table.left"), .bold)
    }

    static func line(
        _ record: SessionRecord, world: World, selected: SessionID?, changes: Changes, idWidth: Int,
        language: String = "en"
    ) -> StyledLine {
        let idle = world.clock - record.lastAccess
        let left = record.expiresAt(timeout: world.settings.timeout, absolute: world.settings.absolute) - world.clock
        let style: Style = record.id == selected ? .selected : changes.sessions.contains(record.id) ? .changed : .plain
        return StyledLine([
            (Format.pad(record.id.short, idWidth), style),
            (" " + Format.pad(EventText.abbreviate(record.user ?? "-", limit: 8), 8), style),
            (" " + Format.pad(Format.clock(idle), 6), .plain),
            (
                " " + (left.milliseconds > 0 ? Format.clock(left) : L10n.text("table.expired", language)),
                left.milliseconds > 0 ? .plain : .bad
            ),
        ]).targeting(.session(record.id.description))
    }
}
