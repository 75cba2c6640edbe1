import NIOCore
import SessionScopeCore
import SessionScopeScenario

/// Statements of the scenario language against the live cluster (live-mode.md,
/// "Statements in live mode"): built-in browsers send real requests, `server-K kill`
/// closes a real port, `cluster` rebuilds the listeners.
extension LiveCluster {
    /// Runs one statement on the executor and waits for it (and its requests) to end.
    /// Throws `LiveError` when a `cluster` cannot be built.
    public func run(_ statement: Statement, line: Int) throws -> LiveStep {
        try loop.flatSubmit { self.perform(statement, line: line) }.wait()
    }

    /// What the parser should know of the world before a line is parsed: its servers and
    /// browsers, outside clients included (they are resolved when the statement runs).
    public func shape() -> WorldShape {
        (try? loop.submit {
            var shape = WorldShape(servers: self.world.servers.count)
            shape.store = self.world.settings.store
            shape.replicas = self.world.settings.replicas
            for browser in self.world.browsers { shape.browsers[browser.name] = browser.isOpen }
            shape.guests = self.guests
            return shape
        }.wait()) ?? WorldShape()
    }

    func perform(_ statement: Statement, line: Int) -> EventLoopFuture<LiveStep> {
        statementRunning = true
        guard outsideInFlight == 0 else {
            // Requests that arrive from now on wait for the statement; those on their way are
            // answered first (a `kill` must not land between a request's route and its server).
            let started = loop.makePromise(of: LiveStep.self)
            statementsWaiting.append { started.completeWith(self.perform(statement, line: line)) }
            return started.futureResult
        }
        // A statement may change any jar (clear, steal, cluster): observe afresh.
        observedHeaders = [:]
        var events: [Event] = []
        catchUp(into: &events)
        let clockBefore = world.clock
        var step = LiveStep(
            clockBefore: clockBefore, line: line, text: statement.text, events: [], addresses: [:], notes: [])
        step.kind = statement.kind
        step.epoch = world.settings.epoch
        let result: EventLoopFuture<Outcome>
        switch statement.kind {
        case .command(let command):
            result = execute(command, into: events)
        case .expect(let expectation):
            let (passed, actual) = world.check(expectation)
            step.expectation = expectation
            step.check = LiveStep.Verdict(passed: passed, actual: actual)
            result = loop.makeSucceededFuture(Outcome(events: events))
        case .title, .say, .pause:
            result = loop.makeSucceededFuture(Outcome(events: events))
        }
        let started = step
        return result.map { outcome in
            var step = started
            step.epoch = self.world.settings.epoch
            step.events = outcome.events
            step.addresses = outcome.addresses
            step.notes += self.statementNotes
            self.statementNotes = []
            if case .command(.cluster) = statement.kind {
                // `rebuild` recorded the cluster line with every setting, the seed included.
            } else {
                self.recording.statement(statement.text, clockAfter: self.world.clock)
            }
            if case .command(let command) = statement.kind, let browser = Self.requester(command),
                let last = self.world.browser(named: browser)?.last
            {
                self.recording.outcome(
                    browser: browser, status: last.status, server: last.server, clockAfter: self.world.clock,
                    pinned: self.options.engine != .builtin)
            }
            self.observer(step)
            return step
        }
        .always { _ in self.statementDone() }
    }

    /// Lets the outside requests that waited for the statement in, in arrival order.
    private func statementDone() {
        statementRunning = false
        let queued = waiting
        waiting = []
        for resume in queued {
            guard !statementRunning else {
                waiting.append(resume)
                continue
            }
            resume()
        }
    }

    static func requester(_ command: Command) -> String? {
        switch command {
        case .request(let browser, _, _, _), .login(let browser, _, _, _), .logout(let browser),
            .sendRecorded(let browser, _, _, _, _):
            return browser
        case .pinned(let inner, _):
            return requester(inner)
        case .cluster, .addUser, .openBrowser, .crowd, .close, .clear, .steal, .killServer, .startServer, .storeDown,
            .storeUp, .storeRestart, .storeLag, .storeFailover, .advance, .crossSiteRequest, .crowdBots, .tamper,
            .together:
            return nil
        }
    }

    /// The events of a statement, and where its requests came from.
    struct Outcome {
        var events: [Event]
        var addresses: [String: String] = [:]
    }

    private func execute(_ command: Command, into events: [Event]) -> EventLoopFuture<Outcome> {
        let outcome = executeCommand(command, into: events)
        if case .together(let commands) = command {
            // Each browser of the group sent from its own address.
            let names = Set(commands.compactMap(Self.requester))
            return outcome.map { events in
                Outcome(events: events, addresses: self.lastRemote.filter { names.contains($0.key) })
            }
        }
        guard let browser = Self.requester(command) else { return outcome.map { Outcome(events: $0) } }
        return outcome.map { events in
            Outcome(events: events, addresses: self.lastRemote[browser].map { [browser: $0] } ?? [:])
        }
    }

    private func executeCommand(_ command: Command, into events: [Event]) -> EventLoopFuture<[Event]> {
        var events = events
        switch command {
        case .request(let browser, let method, let path, let form):
            return request(browser, HTTPRequest(method: method, path: path, form: form), jar: true, events)
        case .login(let browser, let user, let password, let remember):
            var form = [FormField("user", user), FormField("password", password ?? world.accounts[user] ?? "")]
            if remember { form.append(FormField("remember", "on")) }
            return request(browser, HTTPRequest(method: .post, path: "/login", form: form), jar: true, events)
        case .logout(let browser):
            return request(browser, HTTPRequest(method: .post, path: "/logout"), jar: true, events)
        case .sendRecorded(let browser, let method, let path, let cookie, let form):
            let request = HTTPRequest(method: method, path: path, cookieHeader: cookie, form: form)
            return self.request(browser, request, jar: false, events)
        case .crowd(let count, let login):
            return crowd(count, login: login, events)
        case .cluster(var settings):
            // Live mode: `--seed` for every cluster when it was given, else a new random one
            // (yesterday's browser may still hold an id that a fixed seed would hand out again).
            if options.realTime {
                settings.seed = options.fixedSeed ? options.settings.seed : Self.randomSeed()
                // Dates count from the real time at which this cluster is built.
                settings.epoch = Self.wallClockSeconds()
            }
            return rebuild(settings, events)
        case .killServer(let k):
            let wasUp = world.server(k)?.isUp ?? false
            events += (try? world.apply(command)) ?? []
            if wasUp { silence(server: k) }
            return loop.makeSucceededFuture(events)
        case .startServer(let k):
            let wasUp = world.server(k)?.isUp ?? true
            events += (try? world.apply(command)) ?? []
            guard !wasUp else { return loop.makeSucceededFuture(events) }
            let done = events
            return listen(server: k, port: servers[k - 1].port).map { done }
        case .advance(let span):
            events += (try? world.apply(command)) ?? []
            advanced = advanced + span
            return loop.makeSucceededFuture(events)
        case .storeRestart:
            // The real store process restarts under the listeners (they wait for it: this runs
            // on the loop). A store that is not ours to restart (`--redis URL`) is refused.
            do {
                events += try world.apply(command)
            } catch {
                return loop.makeFailedFuture(LiveError(message: error.message, isUsage: true))
            }
            return loop.makeSucceededFuture(events)
        case .pinned(let inner, let server):
            guard options.engine == .builtin else {
                // nginx or HAProxy decide for themselves: the pin cannot be honoured.
                statementNotes.append("\(options.engine.rawValue) chooses the server itself; via= is not honoured")
                return executeCommand(inner, into: events)
            }
            pendingPin = .some(server)
            defer { pendingPin = nil }
            return executeCommand(inner, into: events)
        case .crossSiteRequest(let browser, let method, let path, let form, let site):
            // A link or a form on another site's page: the browser's cross-site headers, and
            // the jar's SameSite rules.
            let request = HTTPRequest(method: method, path: path, form: form)
            return self.request(browser, request, jar: true, events, fromSite: site)
        case .crowdBots(let count, let requests):
            return crowdBots(count, requests: requests, events)
        case .together(let commands):
            guard options.engine == .builtin else {
                // nginx and HAProxy route each request as it comes: the group is the world's alone.
                statementNotes.append("together runs in the world only behind \(options.engine.rawValue)")
                events += (try? world.apply(command)) ?? []
                return loop.makeSucceededFuture(events)
            }
            return together(commands, events)
        // The store's own statements (1.1) run its real processes; a failover blocks this loop
        // until the servers use the new primary, as the statement's contract says. `steal`,
        // `tamper`, `clear` and `close` act on the jars, which are the world's: the built-in
        // browsers send what these jars hold.
        case .storeLag, .storeFailover, .addUser, .openBrowser, .close, .clear, .steal, .storeDown, .storeUp, .tamper:
            events += (try? world.apply(command)) ?? []
            return loop.makeSucceededFuture(events)
        }
    }

    static func randomSeed() -> UInt64 { UInt64.random(in: 1...UInt64(Int64.max)) }

    /// A built-in browser's request over real HTTP: its jar's step here, the balancer's
    /// and the server's at the listeners, the jar's again when the answer is back.
    private func request(
        _ browser: String, _ original: HTTPRequest, jar: Bool, _ events: [Event], fromSite site: String? = nil
    ) -> EventLoopFuture<[Event]> {
        var events = events
        let prepared: HTTPRequest?
        if jar {
            prepared = world.prepareRequest(from: browser, original, fromSite: site, into: &events)
        } else if let browserState = world.browser(named: browser), browserState.isOpen {
            world.prepareRecordedRequest(from: browser, original, into: &events)
            prepared = original
        } else {
            // Closed (or unknown): the world records the refusal as the simulation does.
            events += (try? world.apply(Self.recordedCommand(browser, original))) ?? []
            prepared = nil
        }
        guard let request = prepared, let index = world.browserIndex(named: browser) else {
            return loop.makeSucceededFuture(events)
        }
        let localIP = BrowserConnection.address(forBrowser: index + 1)
        let exchange = Exchange(
            id: nextExchangeID(), browser: browser, isBuiltIn: true, request: request,
            routeIP: world.browsers[index].ip, remote: localIP, wantsHTML: false)
        exchange.cookiesGiven = !jar
        exchange.pin = pendingPin
        exchange.events = events
        exchanges[exchange.id] = exchange
        let finished = loop.makePromise(of: Void.self)
        exchange.finished = { finished.succeed(()) }
        let sent = BrowserConnection.send(
            request, exchange: exchange.id, from: localIP, to: port, tls: options.tls?.client,
            headers: site.map { BrowserConnection.crossSiteHeaders(from: $0, method: request.method) } ?? [], on: loop)
        sent.whenSuccess { answer in
            if let answer, self.options.engine != .builtin {
                // Only the answer tells which server the engine chose.
                return self.finishFromEngine(exchange, answer: answer)
            }
            // The connection failed before the balancer saw the request.
            if answer == nil, self.exchanges[exchange.id] != nil, exchange.answer == nil {
                self.exchanges[exchange.id] = nil
                self.warn("\(browser): the request did not reach the balancer at \(self.url)")
                finished.succeed(())
            }
        }
        return finished.futureResult.and(sent).map { _ in
            self.lastRemote[browser] = exchange.remote
            return exchange.events
        }
    }

    static func recordedCommand(_ browser: String, _ request: HTTPRequest) -> Command {
        .sendRecorded(
            browser: browser, method: request.method, path: request.path, cookie: request.cookieHeader,
            form: request.form)
    }

    /// `crowd N [login=on]` over real HTTP: each guest opens, visits `/` and maybe logs in.
    /// As in the simulation, only the crowd's summary is shown.
    private func crowd(_ count: Int, login: Bool, _ events: [Event]) -> EventLoopFuture<[Event]> {
        guestVisits(count) { name, tally in
            var visit = self.request(name, HTTPRequest(method: .get, path: "/"), jar: true, [])
            if login {
                visit = visit.flatMap { events in
                    tally.count(events)
                    _ = try? self.world.apply(.addUser(name: name, password: World.defaultPassword))
                    let form = [FormField("user", name), FormField("password", World.defaultPassword)]
                    return self.request(name, HTTPRequest(method: .post, path: "/login", form: form), jar: true, [])
                }
            }
            return visit.map { events in tally.count(events) }
        }.map { first, sessions in
            events + [.crowdArrived(first: first, last: self.guests, loggedIn: login, sessions: sessions)]
        }
    }

    /// `crowd N bots=on [requests=K]` over real HTTP: each guest opens and sends `GET /` K
    /// times, keeping nothing the server set. As in the simulation, only the summary is shown.
    private func crowdBots(_ count: Int, requests: Int, _ events: [Event]) -> EventLoopFuture<[Event]> {
        guestVisits(count) { name, tally in
            var visits = self.loop.makeSucceededFuture(())
            for _ in 0..<requests {
                visits = visits.flatMap {
                    self.request(name, HTTPRequest(method: .get, path: "/"), jar: true, []).map { events in
                        tally.count(events)
                        // A bot keeps nothing the server set.
                        _ = try? self.world.apply(.clear(browser: name))
                    }
                }
            }
            return visits
        }.map { first, sessions in
            events + [.botsCrawled(first: first, last: self.guests, requests: requests, sessions: sessions)]
        }
    }

    /// What every kind of live crowd does around its guests' visits: one guest after another,
    /// each numbered on from the last crowd and opened as a built-in browser, then `visit`
    /// sends its requests and counts their events in the crowd's tally. The future gives the
    /// first guest's number and the crowd's session counts, for the crowd's one event.
    private func guestVisits(
        _ count: Int, visit: @escaping @Sendable (_ guest: String, _ tally: Tally) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<(first: Int, sessions: [SessionCount])> {
        let first = guests + 1
        let tally = Tally()
        let outcome = world.beginLiveCrowd()
        var future = loop.makeSucceededFuture(())
        for _ in 0..<count {
            future = future.flatMap {
                self.guests += 1
                let name = "guest-\(self.guests)"
                _ = try? self.world.apply(.openBrowser(name: name, ip: nil))
                return visit(name, tally)
            }
        }
        return future.map { (first, tally.sessions(in: &self.world, outcome)) }
    }

    /// `cluster`: new servers on new ports, empty stores; the balancer keeps its address.
    private func rebuild(_ settings: ClusterSettings, _ events: [Event]) -> EventLoopFuture<[Event]> {
        var events = events
        if engineProcess != nil, let refusal = EngineConfig.refusal(engine: options.engine, balancer: settings.balancer)
        {
            // Refused before anything changes: the running cluster and its engine stay.
            return loop.makeFailedFuture(LiveError(message: refusal, isUsage: true))
        }
        if let refusal = Self.tlsRefusal(settings, tls: options.tls) {
            return loop.makeFailedFuture(LiveError(message: refusal, isUsage: true))
        }
        do {
            events += try world.apply(.cluster(settings))
        } catch {
            return loop.makeFailedFuture(LiveError(message: error.message, isUsage: true))
        }
        for k in servers.indices { silence(server: k + 1) }
        clients = ClientRegistry()
        guests = 0
        builtAt = NIODeadline.now()
        advanced = .zero
        recording.start(settings)
        // The sweep ticks count from the new cluster's start, at its `sweep`.
        scheduleSweep()
        let done = events
        guard engineProcess != nil else { return startServers().map { done } }
        // The engine is configured anew for the new servers' ports (and balancer).
        return startServers().flatMapThrowing {
            try self.startEngine()
            return done
        }
    }
}

/// The net change of sessions held at each location during a crowd (as the simulation's
/// quiet tally counts it).
private final class Tally: @unchecked Sendable {
    var change: [SessionLocation: Int] = [:]
    /// Guests answered 503 because the store failed (a full Redis, a read-only replica), and
    /// the first cause: the crowd's line says them, as the simulation's does.
    var refused: Set<String> = []
    var refusalCause: String?

    func count(_ events: [Event]) {
        for event in events {
            if case .sessionCreated(_, let at) = event { change[at, default: 0] += 1 }
            if case .sessionDestroyed(_, let at) = event { change[at, default: 0] -= 1 }
            if case .sessionExpired(_, _, let at) = event { change[at, default: 0] -= 1 }
            if case .requestRejected(let guest, .storeUnavailable(let cause)) = event {
                refused.insert(guest)
                if refusalCause == nil { refusalCause = cause }
            }
        }
    }

    /// The crowd's counts: with a real store that refused or evicted, what it really holds.
    func sessions(in world: inout World, _ start: CrowdOutcome) -> [SessionCount] {
        var outcome = start
        outcome.refusedGuests = refused.count
        return world.liveCrowdSessions(outcome, tally: change, refusalCause: refusalCause)
    }
}
