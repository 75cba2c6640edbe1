import SessionScopeCore
import SessionScopeScenario

/// The shared store, read from the real store (rows refreshed after each change), or the
/// decoded JWT of the selected browser, or a note that sessions live in each server.
enum StorePane {
    static func title(_ model: AppModel) -> String {
        let world = model.world
        switch world.settings.store {
        case .sqlite, .redis: return L10n.format("pane.store", model.language, world.store.label)
        case .jwt: return L10n.text("pane.token", model.language)
        case .local: return L10n.format("pane.store", model.language, "local")
        case .replicated: return L10n.format("pane.store", model.language, "replicated")
        }
    }

    static func lines(_ model: AppModel, changes: Changes, rows: Int) -> [StyledLine] {
        let world = model.world
        switch world.settings.store {
        case .local:
            return [
                StyledLine("no shared store:", .muted), StyledLine("each server keeps its own", .muted),
                StyledLine("sessions in memory", .muted),
            ]
        case .replicated:
            return [
                StyledLine("no shared store:", .muted), StyledLine("every write is copied to", .muted),
                StyledLine("every live server", .muted),
            ]
        case .jwt:
            return tokenLines(model)
        case .sqlite, .redis:
            return storeLines(model, changes: changes, rows: rows)
        }
    }

    private static func storeLines(_ model: AppModel, changes: Changes, rows: Int) -> [StyledLine] {
        let world = model.world
        var lines: [StyledLine] = []
        if let failure = model.storeFailure {
            // The real store cannot be reached, whatever the scenario says of it.
            lines.append(StyledLine("✖ unreachable", .bad))
            lines.append(StyledLine(failure, .bad))
            return lines
        }
        let status = world.storeIsUp ? "● up" : "✖ down (data kept)"
        let count = model.storeCount.map { "\($0) session\($0 == 1 ? "" : "s")" } ?? "unreadable"
        lines.append(
            StyledLine([(status, world.storeIsUp ? .good : .bad), (" · " + count, changes.store ? .changed : .plain)]))
        // 1.1: the store's own failures, once there are any.
        let evicted = model.storeEvicted ?? 0
        if world.storeRestarts > 0 || evicted > 0 {
            var parts: [String] = []
            if world.storeRestarts > 0 { parts.append("restarted \(world.storeRestarts)×") }
            if evicted > 0 { parts.append("\(evicted) evicted by redis") }
            lines.append(StyledLine(parts.joined(separator: " · "), .bad))
        }
        if model.showLatency, let latency = lastLatency(model) { lines.append(StyledLine("last: " + latency, .muted)) }
        lines += model.storeNodes.map { nodeLine($0, changed: changes.store) }
        lines.append(SessionRow.header(idWidth: 10))
        let selected = model.selectedSession
        for record in model.storeRows.prefix(max(0, rows - lines.count)) {
            lines.append(SessionRow.line(record, world: world, selected: selected, changes: changes, idWidth: 10))
        }
        return lines
    }

    /// The newest measured store operation in the steps so far.
    private static func lastLatency(_ model: AppModel) -> String? {
        for step in model.timeline.steps.suffix(8).reversed() {
            for event in step.events.reversed() {
                if case .storeOperation(let name, let us) = event { return "\(name) \(EventText.formatLatency(us))" }
            }
        }
        return nil
    }

    private static func tokenLines(_ model: AppModel) -> [StyledLine] {
        let world = model.world
        guard let browser = model.browser else { return [StyledLine("no browser selected", .muted)] }
        guard let cookie = browser.jar.cookies.first(where: { $0.name == TokenService.cookieName }),
            let decoded = TokenService.decode(cookie.value)
        else {
            return [
                StyledLine("\(browser.name) holds no token", .muted),
                StyledLine("nothing is stored on any server", .muted),
            ]
        }
        var lines = [
            StyledLine("token of \(browser.name) (Enter: details)", .bold)
        ]
        // One claim a line: `sub` sits after `exp` and `iat`, and a narrow pane cut it off.
        lines += DetailView.claims(decoded.payload).map { StyledLine("  " + $0) }
        switch world.tokens.verify(cookie.value, now: world.unixSeconds) {
        case .success(let payload):
            let exp = Int64(payload.exp.value.timeIntervalSince1970)
            // One line, so that a short pane keeps the signature check in view.
            lines.append(
                StyledLine([
                    ("exp in " + Format.clock(TimeSpan(milliseconds: (exp - world.unixSeconds) * 1000)), .plain),
                    (" · signature ✓", .good),
                ]))
        case .failure(.expired):
            lines.append(StyledLine("expired ✖ (signature valid)", .bad))
        case .failure(let why):
            lines.append(StyledLine("rejected ✖ \(why)", .bad))
        }
        lines.append(StyledLine("header " + decoded.header, .muted))
        return lines
    }
}
