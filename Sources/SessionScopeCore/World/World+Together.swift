/// `together STATEMENT | STATEMENT ...` (1.1): requests that arrive at the same time, as two
/// tabs of one browser, or a page's parallel fetches, send them. Every request carries the
/// cookies its jar held before the group; each is routed and loads its session in the order
/// written, before any of them saves; then each runs and saves, and its response reaches
/// the jar, in that order. So two requests of one browser can overwrite each other's changes
/// (`save=whole`), unless the session is locked (`lock=on`).
extension World {
    /// One request of the group on its way.
    private struct Part {
        var browser: Int
        var request: HTTPRequest
        var decision: Balancer.Decision?
        var context: RequestContext?
        var load: SessionLoad?
        /// The session the request holds from its load until it saves (or waits for).
        var sessionID: SessionID?
        var waits = false
    }

    mutating func together(_ commands: [Command]) {
        emit(.requestsTogether(browsers: commands.compactMap { Self.request(of: $0, accounts: accounts)?.browser }))
        // 1. The cookies of every jar as they are before the group.
        var parts: [Part] = []
        for command in commands {
            guard let (name, original, site, recorded) = Self.request(of: command, accounts: accounts),
                let index = browserIndex.number(of: name)
            else { continue }
            if recorded {
                guard browsers[index].isOpen else {
                    emit(.requestRejected(browser: name, why: .browserClosed))
                    continue
                }
                emit(.requestSent(browser: name, request: original))
                parts.append(Part(browser: index, request: original))
            } else if let request = prepare(original, browser: index, fromSite: site) {
                parts.append(Part(browser: index, request: request))
            }
        }
        // 2. Routed, and each session loaded, in the order written.
        for i in parts.indices {
            let ip = browsers[parts[i].browser].ip
            guard let decision = route(parts[i].request, from: ip, browser: parts[i].browser) else { continue }
            let context = RequestContext(
                browser: browsers[parts[i].browser].name, server: decision.server, clientIP: ip)
            parts[i].decision = decision
            parts[i].context = context
            guard storePlacement != .nowhere else { continue }
            let presented = parts[i].request.cookie(named: settings.cookieName).flatMap(SessionID.init(hex:))
            if settings.lock, let id = presented,
                let holder = parts[..<i].lastIndex(where: { other in
                    // One session is one lock, except under `local`, where each server's
                    // table holds sessions of its own.
                    other.sessionID == id && (settings.store != .local || other.context?.server == decision.server)
                })
            {
                // The session is in use: this request waits for the holder to save.
                parts[i].waits = true
                parts[i].sessionID = id
                emit(.requestWaited(browser: context.browser, holder: browsers[parts[holder].browser].name, id: id))
                continue
            }
            let load = openSession(parts[i].request, context)
            parts[i].load = load
            if case .loaded(let record?) = load { parts[i].sessionID = record.id }
        }
        // 3. Each runs and saves, and its answer reaches the jar, in the order written.
        for part in parts {
            guard let decision = part.decision, let context = part.context else {
                deliver(HTTPResponse(status: 503), to: part.browser, path: part.request.path, server: nil, user: nil)
                continue
            }
            var answer: (HTTPResponse, String?)
            if storePlacement == .nowhere {
                answer = handleStateless(part.request, context)
            } else {
                // A request that waited loads the session now, as its holder saved it.
                let load = part.waits ? openSession(part.request, context) : part.load
                switch load {
                case .answered(let response)?: answer = response
                case .loaded(let found)?:
                    answer = runWithSession(part.request, context, found: found, concurrent: true)
                case nil: answer = (HTTPResponse(status: 503), nil)
                }
            }
            if let sticky = decision.setCookie { answer.0.setCookies.append(sticky) }
            deliver(answer.0, to: part.browser, path: part.request.path, server: decision.server, user: answer.1)
        }
    }

    /// The request a statement of `together` sends: its browser, the request, the other site
    /// it comes from, and whether it is recorded (its own `Cookie` header, past the jar).
    static func request(of command: Command, accounts: [String: String]) -> (
        browser: String, request: HTTPRequest, site: String?, recorded: Bool
    )? {
        switch command {
        case .request(let browser, let method, let path, let form):
            return (browser, HTTPRequest(method: method, path: path, form: form), nil, false)
        case .crossSiteRequest(let browser, let method, let path, let form, let site):
            return (browser, HTTPRequest(method: method, path: path, form: form), site, false)
        case .login(let browser, let user, let password, let remember):
            var form = [FormField("user", user), FormField("password", password ?? accounts[user] ?? "")]
            if remember { form.append(FormField("remember", "on")) }
            return (browser, HTTPRequest(method: .post, path: "/login", form: form), nil, false)
        case .logout(let browser):
            return (browser, HTTPRequest(method: .post, path: "/logout"), nil, false)
        case .sendRecorded(let browser, let method, let path, let cookie, let form):
            return (browser, HTTPRequest(method: method, path: path, cookieHeader: cookie, form: form), nil, true)
        case .cluster, .addUser, .openBrowser, .crowd, .crowdBots, .close, .clear, .steal, .tamper, .killServer,
            .startServer, .storeDown, .storeUp, .advance, .together, .pinned:
            return nil
        }
    }
}
