import SessionScopeCore

/// More servers than fit side by side: a compact overview (a line a server: state, sessions,
/// bytes) beside the selected server's table in full. `[` and `]` move the selection.
enum ServerOverview {
    /// Whether the servers need the overview in a window this wide.
    static func needed(_ model: AppModel, width: Int) -> Bool {
        model.world.servers.count > max(1, width / 30)
    }

    static func draw(_ screen: inout Screen, model: AppModel, changes: Changes, list listRect: Rect, table: Rect) {
        let servers = model.world.servers
        let rows = listRect.inner.height
        let (first, window) = slots(model, rows: rows)
        let (above, below) = (first, servers.count - first - window)
        // What the window hides goes in the title: a short pane keeps every row for servers.
        var title = L10n.format("servers.title", model.language, servers.count)
        if above > 0 { title += " ↑\(above)" }
        if below > 0 { title += " ↓\(below)" }
        screen.box(listRect, title: title + " [ ]")
        screen.draw(lines(model, changes: changes, rows: rows), in: listRect.inner)
        let selected = servers[model.selectedServer - 1]
        let tableRect = table
        let style: Style = !selected.isUp ? .bad : changes.servers.contains(selected.number) ? .changed : .bold
        screen.box(tableRect, title: ServerPane.title(model, server: selected), titleStyle: style)
        screen.draw(
            ServerPane.lines(
                model, server: selected, changes: changes, rows: tableRect.inner.height,
                width: tableRect.inner.width),
            in: tableRect.inner)
    }

    /// The first server shown and how many: a window around the selection.
    static func slots(_ model: AppModel, rows: Int) -> (first: Int, count: Int) {
        let total = model.world.servers.count
        let window = min(total, max(1, rows))
        return (max(0, min(model.selectedServer - 1 - window / 2, total - window)), window)
    }

    static func lines(_ model: AppModel, changes: Changes, rows: Int) -> [StyledLine] {
        let servers = model.world.servers
        let (first, window) = slots(model, rows: rows)
        var lines: [StyledLine] = []
        for server in servers[first..<(first + window)] {
            let selected = server.number == model.selectedServer
            var line = StyledLine(selected ? "▶" : " ", .bold)
            line.append(
                Format.pad(server.name, 10),
                changes.servers.contains(server.number) ? .changed : selected ? .bold : .plain)
            if server.isUp {
                line.append("● ", .good)
                line.append(
                    L10n.format("overview.sessions", model.language, server.table.count) + " "
                        + Format.bytes(server.table.heldBytes))
            } else {
                line.append(L10n.text("server.down", model.language), .bad)
            }
            lines.append(line.targeting(.server(server.number)))
        }
        return lines
    }
}
