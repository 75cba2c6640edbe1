import SessionScopeCore
import SessionScopeScenario

/// One app server: up or down, its session table (user, created, idle, time left), memory.
enum ServerPane {
    static func title(_ model: AppModel, server: Server) -> String {
        let selected = server.number == model.selectedServer ? "▶" : ""
        let language = model.language
        guard server.isUp else { return "\(selected)\(server.name) " + L10n.text("server.down", language) }
        // Sessions live elsewhere (the store, the tokens): a count of 0 and bytes would mislead.
        let store = model.world.settings.store
        if store.isShared || store == .jwt { return "\(selected)\(server.name) " + L10n.text("server.up", language) }
        let n = server.table.count
        let sessions = L10n.format(n == 1 ? "server.session" : "server.sessions", language, n)
        // Bytes held by the sessions, then what the table has reserved (its capacity, kept
        // after sessions go): told apart, so a swept server does not read "0 sessions · 8 MiB".
        let held = Format.bytes(server.table.heldBytes)
        let reserved = Format.bytes(server.table.memoryBytes)
        return "\(selected)\(server.name) " + L10n.text("server.up", language) + " · \(sessions) · \(held) · "
            + L10n.format("server.reserved", language, reserved)
    }

    /// Tables larger than this show an arbitrary window instead of a sorted one, so a frame
    /// never walks a million sessions.
    static let sortLimit = 4096

    static func lines(
        _ model: AppModel, server: Server, changes: Changes, rows: Int, width: Int = .max
    ) -> [StyledLine] {
        let world = model.world
        let language = model.language
        guard server.isUp else { return [StyledLine(L10n.text("server.memoryLost", language), .bad)] }
        if world.settings.store.isShared || world.settings.store == .jwt {
            let key = world.settings.store == .jwt ? "server.stateless" : "server.inStore"
            return [StyledLine(L10n.text(key, language), .muted)]
        }
        guard server.table.count > 0 else { return [StyledLine(L10n.text("server.none", language), .muted)] }
        let columns = SessionRow.Columns(width: width, world: world, language: language)
        var lines = [SessionRow.header(columns, language: language)]
        let selected = model.selectedSession
        // The selected server's table scrolls (J K, the wheel); the others show their start.
        let scroll = server.number == model.selectedServer ? max(0, model.ui.serverScroll) : 0
        var records: [SessionRecord]
        if server.table.count <= sortLimit {
            records = server.table.records.sorted { ($0.created, $0.id) < ($1.created, $1.id) }
        } else {
            records = Array(server.table.records.prefix(scroll + rows))
        }
        if let selected, let mine = server.table[selected] {
            records.removeAll { $0.id == selected }
            records.insert(mine, at: 0)
        }
        let total = server.table.count
        let window = window(total: total, rows: rows - 1, scroll: scroll)
        if window.first > 0 { lines.append(StyledLine(L10n.format("more.above", language, window.first), .muted)) }
        for record in records.dropFirst(window.first).prefix(window.count) {
            lines.append(
                SessionRow.line(
                    record, world: world, selected: selected, changes: changes, columns: columns, language: language))
        }
        let below = total - window.first - window.count
        if below > 0 { lines.append(StyledLine(L10n.format("more.below", language, below), .muted)) }
        return lines
    }

    /// The rows of a table of `total` shown in `rows` lines scrolled down by `scroll`, leaving
    /// a line for each "N more" marker it needs.
    static func window(total: Int, rows: Int, scroll: Int) -> (first: Int, count: Int) {
        guard total > rows else { return (0, total) }
        var size = max(1, rows - 1)
        var first = min(scroll, total - size)
        if first > 0, first + size < total {
            size = max(1, rows - 2)
            first = min(scroll, total - size)
        }
        return (first, size)
    }
}
