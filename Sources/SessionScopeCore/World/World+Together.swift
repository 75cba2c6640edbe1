/// `together STATEMENT | STATEMENT ...` (1.1): requests that arrive at the same time, as two
/// tabs of one browser, or a page's parallel fetches, send them. Every request carries the
/// cookies its jar held before the group; each is routed and loads its session in the order
/// written, before any of them saves; then each runs and saves, and its response reaches
/// the jar, in that order. So two requests of one browser can overwrite each other's changes
/// (`save=whole`), unless the session is locked (`lock=on`).
/// A group of `together` on its way: its requests as their jars prepared them, then their
/// routes and sessions. Live mode runs the steps with real sockets between them
/// (`World+Live.swift`); the simulation runs them one after the other.
public struct TogetherGroup {
    /// One request of the group on its way.
    struct Part {
        var browser: Int
        var request: HTTPRequest
        var decision: Balancer.Decision?
        var context: RequestContext?
        var load: World.SessionLoad?
        /// The session the request holds from its load until it saves (or waits for).
        var sessionID: SessionID?
        var waits = false
    }

    var parts: [Part] = []

    /// How many requests of the group were sent (a closed browser sends none).
    public var count: Int { parts.count }
    /// The request of part `i`, with the cookies its jar held before the group.
    public func request(_ i: Int) -> HTTPRequest { parts[i].request }
    /// The browser (its index in the world's browsers) that sent part `i`.
    public func browserIndex(_ i: Int) -> Int { parts[i].browser }
    /// The balancer's decision for part `i` once the group is loaded (nil: no server is up).
    public func decision(_ i: Int) -> Balancer.Decision? { parts[i].decision }
}

extension World {
    mutating func together(_ commands: [Command]) {
        var group = togetherPrepare(commands)
        togetherLoad(&group)
        for i in group.parts.indices {
            var (response, user) = togetherRun(group, i)
            let part = group.parts[i]
            if let sticky = part.decision?.setCookie { response.setCookies.append(sticky) }
            deliver(response, to: part.browser, path: part.request.path, server: part.decision?.server, user: user)
        }
    }

    /// 1. The cookies of every jar as they are before the group.
    mutating func togetherPrepare(_ commands: [Command]) -> TogetherGroup {
        emit(.requestsTogether(browsers: commands.compactMap { Self.request(of: $0, accounts: accounts)?.browser }))
        var group = TogetherGroup()
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
                group.parts.append(TogetherGroup.Part(browser: index, request: original))
            } else if let request = prepare(original, browser: index, fromSite: site) {
                group.parts.append(TogetherGroup.Part(browser: index, request: request))
            }
        }
        return group
    }

    /// 2. Routed, and each session loaded, in the order written.
    mutating func togetherLoad(_ group: inout TogetherGroup) {
        for i in group.parts.indices {
            let ip = browsers[group.parts[i].browser].ip
            guard let decision = route(group.parts[i].request, from: ip, browser: group.parts[i].browser) else {
                continue
            }
            let context = RequestContext(
                browser: browsers[group.parts[i].browser].name, server: decision.server, clientIP: ip)
            group.parts[i].decision = decision
            group.parts[i].context = context
            guard storePlacement != .nowhere else { continue }
            let presented = group.parts[i].request.cookie(named: settings.cookieName).flatMap(SessionID.init(hex:))
            if settings.lock, let id = presented,
                let holder = group.parts[..<i].lastIndex(where: { other in
                    // One session is one lock, except under `local`, where each server's
                    // table holds sessions of its own.
                    other.sessionID == id && (settings.store != .local || other.context?.server == decision.server)
                })
            {
                // The session is in use: this request waits for the holder to save.
                group.parts[i].waits = true
                group.parts[i].sessionID = id
                emit(
                    .requestWaited(
                        browser: context.browser, holder: browsers[group.parts[holder].browser].name, id: id))
                continue
            }
            let load = openSession(group.parts[i].request, context)
            group.parts[i].load = load
            if case .loaded(let record?) = load { group.parts[i].sessionID = record.id }
        }
    }

    /// 3. Part `i` runs and saves (in the order written, each after the one before); its
    /// response (without the balancer's own cookie) and the user it recognised. A part
    /// that no server took gets 503.
    mutating func togetherRun(_ group: TogetherGroup, _ i: Int) -> (HTTPResponse, String?) {
        let part = group.parts[i]
        guard let context = part.context else { return (HTTPResponse(status: 503), nil) }
        if storePlacement == .nowhere { return handleStateless(part.request, context) }
        // A request that waited loads the session now, as its holder saved it.
        let load = part.waits ? openSession(part.request, context) : part.load
        switch load {
        case .answered(let response)?: return response
        case .loaded(let found)?: return runWithSession(part.request, context, found: found, concurrent: true)
        case nil: return (HTTPResponse(status: 503), nil)
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
            .startServer, .storeDown, .storeUp, .storeRestart, .storeLag, .storeFailover, .advance, .together, .pinned:
            return nil
        }
    }
}
