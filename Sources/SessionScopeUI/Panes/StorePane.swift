import SessionScopeCore
import SessionScopeScenario

/// The shared store, read from the real store (rows refreshed after each change), or the
/// decoded JWT of the selected browser, or a note that sessions live in each server.
enum StorePane {
    /// `Store: redis 127.0.0.1:6379`; in a pane too narrow for it (80 columns) the label
    /// alone, which names the store and keeps its port (what `redis-cli -p` wants). A SQLite
    /// label too long for either keeps its start, cut (a temporary file's name).
    static func title(_ model: AppModel, width: Int = .max) -> String {
        let world = model.world
        let language = model.language
        let label: String
        switch world.settings.store {
        case .sqlite, .redis: label = world.store.label
        case .jwt: return L10n.text("pane.token", language)
        case .local: label = "local"
        case .replicated: label = "replicated"
        }
        return title(label: label, language: language, width: width)
    }

    /// A store's title for a pane `width` columns wide (its border and spaces included).
    static func title(label: String, language: String, width: Int) -> String {
        let whole = L10n.format("pane.store", language, label)
        return [whole, label].first { DisplayWidth.of($0) <= width - 4 } ?? whole
    }

    static func lines(_ model: AppModel, changes: Changes, rows: Int, width: Int = .max) -> [StyledLine] {
        let world = model.world
        let words = { (key: String) in StyledLine(L10n.text(key, model.language), .muted) }
        switch world.settings.store {
        case .local:
            return [words("store.local.1"), words("store.local.2"), words("store.local.3")]
        case .replicated:
            return [words("store.local.1"), words("store.replicated.2"), words("store.replicated.3")]
        case .jwt:
            return tokenLines(model)
        case .sqlite, .redis:
            return storeLines(model, changes: changes, rows: rows, width: width)
        }
    }

    /// How many rows the store pane needs for what it must show whole: its state, its
    /// failures, its settings and its nodes (the session table takes what is left). A short
    /// window gives the pane up to two of the trace's rows for them (`Layout`).
    static func essentialRows(_ model: AppModel, width: Int) -> Int {
        switch model.world.settings.store {
        case .local, .replicated, .jwt: return 0
        case .sqlite, .redis:
            return headLines(model, changes: Changes([]), width: width).count + model.storeNodes.count
        }
    }

    /// The store's state, its own failures (1.1) and its Redis settings.
    private static func headLines(_ model: AppModel, changes: Changes, width: Int) -> [StyledLine] {
        let world = model.world
        var lines: [StyledLine] = []
        if let failure = model.storeFailure {
            // The real store cannot be reached, whatever the scenario says of it.
            lines.append(StyledLine(L10n.text("store.unreachable", model.language), .bad))
            lines.append(StyledLine(failure, .bad))
            return lines
        }
        let language = model.language
        let status = L10n.text(world.storeIsUp ? "server.up" : "store.down", language)
        let count =
            model.storeCount.map { L10n.format($0 == 1 ? "server.session" : "server.sessions", language, $0) }
            ?? L10n.text("store.unreadable", language)
        lines.append(
            StyledLine([(status, world.storeIsUp ? .good : .bad), (" · " + count, changes.store ? .changed : .plain)]))
        // 1.1: the store's own failures, once there are any.
        let evicted = model.storeEvicted ?? 0
        if world.storeRestarts > 0 || evicted > 0 {
            var parts: [String] = []
            if world.storeRestarts > 0 { parts.append(L10n.format("store.restarted", language, world.storeRestarts)) }
            if evicted > 0 { parts.append(L10n.format("store.evicted", language, evicted)) }
            lines.append(StyledLine(parts.joined(separator: " · "), .bad))
        }
        // What the chapter is about (aof, maxmemory and how much is used, replicas, sentinel),
        // whole at any width: the header gives the cluster's summary up first in a narrow window.
        lines += settingsLines(model, width: width).map { StyledLine($0, .muted) }
        return lines
    }

    private static func storeLines(_ model: AppModel, changes: Changes, rows: Int, width: Int) -> [StyledLine] {
        let world = model.world
        let language = model.language
        var lines = headLines(model, changes: changes, width: width)
        if model.storeFailure != nil { return lines }
        let nodes = model.storeNodes.map { nodeLine($0, changed: changes.store, language: language, width: width) }
        // The latest latency is a measurement the trace shows too: in a short pane (80×24) it
        // gives way to the nodes and the first session row.
        if model.showLatency, let latency = lastLatency(model), rows - lines.count - nodes.count >= 3 {
            lines.append(StyledLine(L10n.format("store.last", language, latency), .muted))
        }
        lines += nodes
        let columns = SessionRow.Columns(width: width, world: world, language: language)
        lines.append(SessionRow.header(columns, language: language))
        let selected = model.selectedSession
        for record in model.storeRows.prefix(max(0, rows - lines.count)) {
            lines.append(
                SessionRow.line(
                    record, world: world, selected: selected, changes: changes, columns: columns, language: language))
        }
        return lines
    }

    /// The Redis settings a cluster gave its store, in short: `aof · maxmemory 2mb (used
    /// 1.9mb) · allkeys-lru · 2 replicas · sentinel`; empty for a plain store.
    static func redisSettings(_ model: AppModel) -> String {
        redisSettingGroups(model).joined().joined(separator: " · ")
    }

    /// The settings wrapped to the pane between settings, never inside one that fits a line,
    /// and the replication settings on a line of their own when the memory ones take one:
    /// `maxmemory 2mb (used 2.0mb) · noeviction` above `2 replicas · sentinel`, or at 80
    /// columns `maxmemory 2mb (used 2.0mb)` above `noeviction`, never `(used` above `2.0mb)`.
    static func settingsLines(_ model: AppModel, width: Int) -> [String] {
        var lines: [String] = []
        func fits(_ text: String) -> Bool { lines.last.map { DisplayWidth.of($0 + " · " + text) <= width } ?? false }
        for group in redisSettingGroups(model) {
            let whole = group.joined(separator: " · ")
            if fits(whole) {
                lines[lines.count - 1] += " · " + whole
                continue
            }
            var started = false
            for part in group {
                if started, fits(part) {
                    lines[lines.count - 1] += " · " + part
                } else {
                    lines += Format.wrap(part, width: width)
                }
                started = true
            }
        }
        return lines
    }

    /// The settings in two groups: the store's own memory (persistence, maxmemory, eviction),
    /// then its copies (replicas, sentinel); empty groups left out.
    private static func redisSettingGroups(_ model: AppModel) -> [[String]] {
        let settings = model.world.settings
        guard settings.store == .redis else { return [] }
        let language = model.language
        var memory: [String] = []
        if settings.persistence != .off { memory.append(settings.persistence.rawValue) }
        if let max = settings.maxMemory {
            let limit = ClusterSettings.byteSizeText(max)
            memory.append(
                model.storeUsedMemory.map { L10n.format("store.maxmemoryUsed", language, limit, megabytes($0)) }
                    ?? L10n.format("store.maxmemory", language, limit))
            memory.append(settings.eviction.rawValue)
        } else if settings.eviction != .noeviction {
            memory.append(settings.eviction.rawValue)
        }
        var copies: [String] = []
        if settings.replicas > 0 { copies.append(L10n.format("store.replicas", language, settings.replicas)) }
        if settings.sentinel { copies.append(L10n.text("store.sentinel", language)) }
        return [memory, copies].filter { !$0.isEmpty }
    }

    /// Bytes as Redis's configuration writes them, to a tenth: `1.9mb`, `640kb`.
    static func megabytes(_ bytes: Int) -> String {
        if bytes >= 1 << 20 {
            let tenths = (bytes * 10 + (1 << 19)) >> 20
            return "\(tenths / 10).\(tenths % 10)mb"
        }
        return "\((bytes + 512) >> 10)kb"
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
        let language = model.language
        guard let browser = model.browser else { return [StyledLine(L10n.text("token.noBrowser", language), .muted)] }
        guard let cookie = browser.jar.cookies.first(where: { $0.name == TokenService.cookieName }),
            let decoded = TokenService.decode(cookie.value)
        else {
            return [
                StyledLine(L10n.format("token.none", language, browser.name), .muted),
                StyledLine(L10n.text("token.nothingStored", language), .muted),
            ]
        }
        var lines = [
            StyledLine(L10n.format("token.of", language, browser.name), .bold)
        ]
        // The verdict first, then `sub` (who the token says this is), then the other claims:
        // a short pane (80×24) keeps what the lesson is about, a tampered token included.
        switch world.tokens.verify(cookie.value, now: world.unixSeconds) {
        case .success(let payload):
            let exp = Int64(payload.exp.value.timeIntervalSince1970)
            lines.append(
                StyledLine([
                    (
                        L10n.format(
                            "token.expIn", language,
                            Format.clock(TimeSpan(milliseconds: (exp - world.unixSeconds) * 1000))),
                        .plain
                    ),
                    (L10n.text("token.valid", language), .good),
                ]))
        case .failure(.expired):
            lines.append(StyledLine(L10n.text("token.expired", language), .bad))
        case .failure(let why):
            lines.append(StyledLine(L10n.format("token.rejected", language, "\(why)"), .bad))
        }
        // One claim a line: a narrow pane cut a one-line payload before `sub`.
        let claims = DetailView.claims(decoded.payload)
        let subject = claims.filter { $0.hasPrefix("\"sub\":") }
        lines += (subject + claims.filter { !$0.hasPrefix("\"sub\":") }).map { StyledLine("  " + $0) }
        lines.append(StyledLine("header " + decoded.header, .muted))
        return lines
    }
}
