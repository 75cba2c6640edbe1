/// The steps of one request, for live mode: the same code `send` runs in the simulation,
/// called one at a time with a real socket between them. Each appends what happened to
/// `events`, as `apply(_:into:)` does.
extension World {
    /// Step 1: the jar of browser `name` picks the cookies for `request`. nil when there is
    /// no such browser, or it is closed (that is recorded, and its last exchange cleared).
    /// `fromSite`: the other site whose page the request comes from (`from=SITE`, 1.1).
    public mutating func prepareRequest(
        from name: String, _ request: HTTPRequest, fromSite site: String? = nil, into events: inout [Event]
    ) -> HTTPRequest? {
        guard let index = browserIndex.number(of: name) else { return nil }
        return collecting(into: &events) { $0.prepare(request, browser: index, fromSite: site) }
    }

    /// Step 1 for a request whose `Cookie` header is given (an outside client's, or `send`):
    /// the jar is bypassed. `name` need not be a browser yet: an outside client is named
    /// once its answer shows who it is.
    public mutating func prepareRecordedRequest(from name: String, _ request: HTTPRequest, into events: inout [Event]) {
        collecting(into: &events) { $0.emit(.requestSent(browser: name, request: request)) }
    }

    /// Step 1b, for a request whose `Cookie` header was given: the jar of `name` keeps what
    /// was sent, as `send` does in the simulation (an outside client's observed jar).
    public mutating func observeSentCookies(from name: String, _ request: HTTPRequest) {
        guard let index = browserIndex.number(of: name) else { return }
        observeSent(request, browser: index)
    }

    /// Step 2: the balancer's decision for a request of `name` from `ip` (a built-in
    /// browser's scenario address, or an outside client's real one); nil when no server is up.
    /// `pinnedTo` (`.some`): the server nginx or HAProxy chose, or a `via=` pin (see `Balancer.pinned`).
    public mutating func route(
        _ request: HTTPRequest, from ip: IPv4, browser name: String, pinnedTo: Int?? = nil, into events: inout [Event]
    ) -> Balancer.Decision? {
        collecting(into: &events) { world in
            world.pin = pinnedTo
            defer { world.pin = nil }
            if let index = world.browserIndex.number(of: name) { return world.route(request, from: ip, browser: index) }
            let routed =
                pinnedTo.map { world.balancer.pinned(request, to: $0, from: ip, servers: world.servers) }
                ?? world.balancer.route(request, from: ip, servers: world.servers, random: &world.random)
            guard let decision = routed
            else {
                world.emit(.requestRejected(browser: name, why: .noLiveServer))
                return nil
            }
            world.emit(.requestRouted(browser: name, server: decision.server, why: decision.reason))
            return decision
        }
    }

    /// Step 3: server K's application answers the request; also the user it recognised.
    public mutating func serve(
        _ request: HTTPRequest, atServer k: Int, browser name: String, clientIP: IPv4,
        into events: inout [Event]
    ) -> (response: HTTPResponse, user: String?) {
        collecting(into: &events) { $0.serve(request, atServer: k, browser: name, clientIP: clientIP) }
    }

    /// Step 4: the response (with the balancer's own cookie, if any) reaches browser `name`.
    public mutating func deliver(
        _ response: HTTPResponse, to name: String, path: String, server: Int?, user: String?,
        into events: inout [Event]
    ) {
        guard let index = browserIndex.number(of: name) else { return }
        collecting(into: &events) { $0.deliver(response, to: index, path: path, server: server, user: user) }
    }

    /// `together`, step 1 (live mode): every request of the group gets the cookies its jar
    /// holds before the group. Then `loadTogether` once all have arrived at the balancer, and
    /// `runTogether` for each part in order, each followed by its real hop and `deliver`.
    public mutating func prepareTogether(_ commands: [Command], into events: inout [Event]) -> TogetherGroup {
        collecting(into: &events) { $0.togetherPrepare(commands) }
    }

    /// `together`, step 2: each request routed and its session loaded, in the order written,
    /// before any of them saves.
    public mutating func loadTogether(_ group: inout TogetherGroup, into events: inout [Event]) {
        collecting(into: &events) { $0.togetherLoad(&group) }
    }

    /// `together`, step 3: part `i` runs and saves; its response (the balancer's own cookie
    /// is in the part's decision) and the user it recognised.
    public mutating func runTogether(_ group: TogetherGroup, part i: Int, into events: inout [Event]) -> (
        response: HTTPResponse, user: String?
    ) {
        collecting(into: &events) { $0.togetherRun(group, i) }
    }

    /// Runs the clock on to `instant` (live mode: real time has passed), with the sweeps and
    /// cookie expiries due on the way, but without a `clockAdvanced` event: only `advance`
    /// statements are worth a line. Nothing happens when `instant` is not later.
    public mutating func runClock(to instant: Instant, into events: inout [Event]) {
        guard instant > clock else { return }
        collecting(into: &events) { world in
            world.advance(by: instant - world.clock)
            if case .clockAdvanced = world.log.last { world.log.removeLast() }
        }
    }

    /// Whether server K holds a valid session of that id now, and its user (for the pages
    /// that show what the server knows of the visitor). Shared stores are read.
    public func knownSession(_ id: String, atServer k: Int) -> (user: String?, idleLeft: TimeSpan)? {
        guard let sessionID = SessionID(hex: id) else { return nil }
        guard k >= 1, k <= servers.count, storeIsUp || storePlacement != .shared else { return nil }
        // Looking is not part of the run: the read's own timing is not reported.
        defer { _ = store.drainTimings() }
        let record = try? store.peek(sessionID, server: k, memory: servers)
        guard let record,
            case .valid = record.validity(at: clock, timeout: settings.timeout, absolute: settings.absolute)
        else { return nil }
        return (record.user, TimeSpan(milliseconds: (record.lastAccess + settings.timeout - clock).milliseconds))
    }

    /// Runs `body` with `events` standing in for the log, as `apply(_:into:)` does.
    private mutating func collecting<Result>(into events: inout [Event], _ body: (inout World) -> Result) -> Result {
        swap(&log, &events)
        defer { swap(&log, &events) }
        return body(&self)
    }
}
