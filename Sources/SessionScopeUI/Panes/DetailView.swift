import SessionScopeCore
import SessionScopeScenario

/// The full-screen view behind Enter: everything about what is selected, wrapped rather than
/// cut. A browser shows its whole jar (every attribute) and its decoded token; a server shows
/// every field of every session it holds, and where the sessions live.
enum DetailView {
    static func draw(_ screen: inout Screen, model: AppModel, detail: Detail) {
        let rect = Rect(x: 0, y: 0, width: screen.width, height: screen.height)
        let inner = rect.inner
        let all = lines(model, detail: detail, width: inner.width)
        let top = min(model.ui.detailScroll, max(0, all.count - inner.height))
        let below = max(0, all.count - top - inner.height)
        var title: String
        switch detail {
        case .browser(let name): title = L10n.format("detail.browser", model.language, name)
        case .server(let n): title = L10n.format("detail.server", model.language, n)
        case .step(let index): title = ExchangeDetail.title(model, step: index)
        case .engineConfig: title = L10n.format("detail.engineConfig", model.language, all.count)
        }
        if top > 0 { title += " · " + L10n.format("more.above", model.language, top) }
        if below > 0 { title += " · " + L10n.format("more.below", model.language, below) }
        title += " — " + L10n.text("detail.keys", model.language)
        screen.box(rect, title: title)
        screen.draw(Array(all.dropFirst(top)), in: inner)
    }

    static func lines(_ model: AppModel, detail: Detail, width: Int) -> [StyledLine] {
        var out: [StyledLine] = []
        func add(_ text: String, _ style: Style = .plain, indent: Int = 0) {
            let pad = String(repeating: " ", count: indent)
            out += Format.wrap(text, width: max(10, width - indent)).map { StyledLine(pad + $0, style) }
        }
        let world = model.world
        let word = { (key: String) in L10n.text(key, model.language) }
        switch detail {
        case .browser(let name):
            guard let browser = world.browser(named: name) else {
                add("no browser \(name)", .muted)
                return out
            }
            add(
                "\(browser.name) · \(word(browser.isOpen ? "browser.open" : "detail.closed")) · ip \(browser.ip)",
                .bold)
            // An outside client in live mode: what the cluster saw of it.
            if let agent = model.observedClients[browser.name] {
                add(word("detail.observed"), .muted)
                add(L10n.format("detail.address", model.language, browser.ip.description))
                add(agent.isEmpty ? word("detail.noUserAgent") : L10n.format("detail.userAgent", model.language, agent))
            }
            if let last = browser.last {
                add(
                    word("detail.lastResponse") + " \(last.status.map(String.init) ?? "-")"
                        + (last.server.map { " from server-\($0)" } ?? "") + (last.user.map { " · user \($0)" } ?? ""))
            }
            out.append(StyledLine(""))
            let now = world.unixMilliseconds
            add(L10n.format("detail.jar", model.language, browser.jar.cookies.count), .bold)
            if browser.jar.cookies.isEmpty { add(word("detail.empty"), .muted, indent: 2) }
            for cookie in browser.jar.cookies {
                add("\(cookie.name)=\(cookie.value)", cookie.isExpired(at: now) ? .muted : .plain, indent: 2)
                let expiry =
                    cookie.expiry.map {
                        $0 <= now
                            ? word("table.expired")
                            : L10n.format(
                                "browser.expiresIn", model.language, Format.clock(TimeSpan(milliseconds: $0 - now)))
                    } ?? word("detail.sessionCookie")
                var flags = [expiry, "Domain=\(cookie.domain)", "Path=\(cookie.path)"]
                if cookie.hostOnly { flags.append("host-only") }
                if cookie.httpOnly { flags.append("HttpOnly") }
                // Secure and SameSite either way: what they are not is the lesson of 1.1.
                flags.append(cookie.secureOnly ? "Secure" : word("detail.notSecure"))
                flags.append(cookie.sameSite.map { "SameSite=\($0.rawValue)" } ?? word("detail.noSameSite"))
                add(flags.joined(separator: " · "), .muted, indent: 4)
                if let id = SessionID(hex: cookie.value) { out += whereItLives(model, id, width: width) }
                if let decoded = TokenService.decode(cookie.value) {
                    add(word("detail.decoded"), .bold, indent: 4)
                    add("header  " + decoded.header, .plain, indent: 6)
                    add("payload", .plain, indent: 6)
                    for claim in claims(decoded.payload) { add(claim, .plain, indent: 8) }
                    switch world.tokens.verify(cookie.value, now: world.unixSeconds) {
                    case .success: add(word("detail.valid"), .good, indent: 6)
                    case .failure(.expired): add(word("token.expired"), .bad, indent: 6)
                    case .failure(let why):
                        add(L10n.format("token.rejected", model.language, "\(why)"), .bad, indent: 6)
                    }
                }
            }
        case .step(let index):
            return ExchangeDetail.lines(model, step: index, width: width)
        case .engineConfig:
            // As generated: one line each, cut at the edge rather than wrapped.
            return (model.engineConfig ?? "").split(separator: "\n", omittingEmptySubsequences: false)
                .map { StyledLine(String($0)) }
        case .server(let number):
            guard world.servers.indices.contains(number - 1) else { return out }
            let server = world.servers[number - 1]
            add(ServerPane.title(model, server: server), .bold)
            if world.settings.store.isShared {
                add(L10n.format("detail.inStore", model.language, world.store.label), .muted)
            } else if world.settings.store == .jwt {
                add(word("detail.stateless"), .muted)
            } else {
                add(word("detail.inMemory"), .muted)
            }
            out.append(StyledLine(""))
            let records = server.table.records.prefix(2000).sorted { ($0.created, $0.id) < ($1.created, $1.id) }
            for record in records where Filter.matches(record, filter: model.ui.filter) {
                add("\(record.id)", record.id == model.selectedSession ? .selected : .plain)
                add(
                    L10n.format(
                        "detail.record", model.language, record.user ?? "-", record.created, record.lastAccess,
                        record.clientIP), .muted, indent: 2)
            }
        }
        return out
    }

    /// Where a session id lives: every server table and the shared store's rows that hold it,
    /// with every field of the record.
    static func whereItLives(_ model: AppModel, _ id: SessionID, width: Int) -> [StyledLine] {
        var places: [(String, SessionRecord)] = []
        for server in model.world.servers where server.isUp {
            if let record = server.table[id] { places.append((server.name, record)) }
        }
        if let record = model.storeRows.first(where: { $0.id == id }) {
            places.append((model.world.store.label, record))
        }
        guard !places.isEmpty else {
            return [StyledLine("    " + L10n.text("detail.gone", model.language), .bad)]
        }
        return places.flatMap { place, record in
            Format.wrap(
                L10n.format("detail.sessionOn", model.language, place) + " "
                    + L10n.format(
                        "detail.record", model.language, record.user ?? "-", record.created, record.lastAccess,
                        record.clientIP), width: max(10, width - 4)
            ).map { StyledLine("    " + $0, .good) }
        }
    }

    /// A JSON object's members, one a line (`"sub":"alice"`), so no claim is ever cut.
    static func claims(_ json: String) -> [String] {
        var body = Substring(json)
        if body.first == "{" { body = body.dropFirst() }
        if body.last == "}" { body = body.dropLast() }
        var out: [String] = []
        var current = ""
        var inString = false
        var escaped = false
        for c in body {
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "\"" {
                inString.toggle()
            } else if c == ",", !inString {
                out.append(current)
                current = ""
                continue
            }
            current.append(c)
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
