import SessionScopeCore
import SessionScopeScenario

/// One app server: up or down, its session table (user, created, idle, time left), memory.
enum ServerPane {
    static func title(_ model: AppModel, server: Server) -> String {
        let selected = server.number == model.selectedServer ? "▶" : ""
        let language = model.language
        guard server.isUp else { return "\(selected)\(server.name) " + L10n.text("server.down", language) }
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

    static func lines(_ model: AppModel, server: Server, changes: Changes, rows: Int) -> [StyledLine] {
        let world = model.world
        guard server.isUp else { return [StyledLine("(memory lost)", .bad)] }
        if world.settings.store.isShared || world.settings.store == .jwt {
            return [
                StyledLine(
                    world.settings.store == .jwt ? "stateless: holds no sessions" : "sessions live in the store", .muted
                )
            ]
        }
        guard server.table.count > 0 else { return [StyledLine("no sessions", .muted)] }
        var lines = [SessionRow.header(idWidth: 10)]
        let selected = model.selectedSession
        var records: [SessionRecord]
        if server.table.count <= sortLimit {
            records = server.table.records.sorted { ($0.created, $0.id) < ($1.created, $1.id) }
        } else {
            records = Array(server.table.records.prefix(rows))
        }
        if let selected, let mine = server.table[selected] {
            records.removeAll { $0.id == selected }
            records.insert(mine, at: 0)
        }
        for record in records.prefix(rows - 1) {
            lines.append(SessionRow.line(record, world: world, selected: selected, changes: changes, idWidth: 10))
        }
        return lines
    }
}
