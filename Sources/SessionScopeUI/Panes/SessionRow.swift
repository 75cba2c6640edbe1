import SessionScopeCore
import SessionScopeScenario

/// One session as a table row (id, user, idle, time left), shared by the server panes and
/// the store pane; the selected session is reversed, a changed one highlighted.
enum SessionRow {
    /// The id column: a short id (`910a2dec…`) and a space.
    static let idWidth = 10

    /// The columns a table has room for. A narrow pane (the store pane at 80 columns, four
    /// servers at 132 in Korean) first shortens the time-left heading (`남은 시간` → `남음`),
    /// then drops the idle time, which the time left tells too while only the idle timeout
    /// counts, so that no heading and no time is cut.
    struct Columns: Equatable {
        var idle = true
        var leftHeading: String

        /// The widest columns that fit `width`: idle time kept before the whole heading.
        init(width: Int, world: World, language: String) {
            let whole = L10n.text("table.left", language)
            let short = L10n.text("table.left.short", language)
            // The widest time left is a whole timeout (`30:00`, `8:00:00`), or the word for none.
            let longest = max(world.settings.timeout, world.settings.absolute ?? world.settings.timeout)
            let values = max(Format.clock(longest).count, DisplayWidth.of(L10n.text("table.expired", language)))
            let choices = [(true, whole), (true, short), (false, whole), (false, short)]
            let fitting = choices.first { idle, heading in
                idWidth + 1 + 8 + (idle ? 7 : 0) + 1 + max(values, DisplayWidth.of(heading)) <= width
            }
            (idle, leftHeading) = fitting ?? (false, short)
        }
    }

    static func header(_ columns: Columns, language: String) -> StyledLine {
        let word = { (key: String) in L10n.text(key, language) }
        return StyledLine(
            Format.pad(word("table.id"), idWidth) + " " + Format.pad(word("table.user"), 8) + " "
                + (columns.idle ? Format.pad(word("table.idle"), 6) + " " : "") + columns.leftHeading, .bold)
    }

    static func line(
        _ record: SessionRecord, world: World, selected: SessionID?, changes: Changes, columns: Columns,
        language: String = "en"
    ) -> StyledLine {
        let idle = world.clock - record.lastAccess
        let left = record.expiresAt(timeout: world.settings.timeout, absolute: world.settings.absolute) - world.clock
        let style: Style = record.id == selected ? .selected : changes.sessions.contains(record.id) ? .changed : .plain
        var runs: [(String, Style)] = [
            (Format.pad(record.id.short, idWidth), style),
            (" " + Format.pad(EventText.abbreviate(record.user ?? "-", limit: 8), 8), style),
        ]
        if columns.idle { runs.append((" " + Format.pad(Format.clock(idle), 6), .plain)) }
        runs.append(
            (
                " " + (left.milliseconds > 0 ? Format.clock(left) : L10n.text("table.expired", language)),
                left.milliseconds > 0 ? .plain : .bad
            ))
        return StyledLine(runs).targeting(.session(record.id.description))
    }
}
