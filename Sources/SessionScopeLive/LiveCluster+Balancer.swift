import NIOCore
import NIOPosix
import NIOSSL
import SessionScopeCore
import SessionScopeHTTP1

/// The built-in balancer: accepts requests at `--listen`, names their client, asks the
/// world's balancer step for a server and proxies to that server's real port.
extension LiveCluster {
    /// The header that ties a request to its exchange on the way through the cluster.
    static let exchangeHeader = "X-Sessionscope-Exchange"

    func balancerBootstrap() -> ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 512)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            // A client that shuts its side after sending (`nc -N`) still gets its answer.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                // At most 1,024 connections at once: one more is refused (closed at once).
                guard self.connections < FrontLimits.connections else {
                    return channel.close()
                }
                self.connections += 1
                channel.closeFuture.whenComplete { _ in self.connections -= 1 }
                return channel.eventLoop.makeCompletedFuture {
                    if let tls = self.options.tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls.server))
                    }
                    try channel.pipeline.syncOperations.addLiveServerHandlers(
                        RequestFront { request, answer in self.balance(request, answer: answer) })
                }
            }
    }

    /// A request at the balancer: a built-in browser's (its exchange is waiting), or an
    /// outside client's, which waits while a statement runs.
    func balance(_ received: ReceivedRequest, answer: @escaping (Answer) -> Void) {
        if let id = received.message.headers.first(name: Self.exchangeHeader).flatMap(Int.init),
            let exchange = exchanges[id], exchange.isBuiltIn, exchange.answer == nil
        {
            exchange.answer = answer
            exchange.remote = received.remote
            exchange.provenance = Self.provenance(of: received.message)
            if let run = exchange.together { return arrived(run) }
            return route(exchange)
        }
        if statementRunning {
            // Answered when the statement ends; not applied if its client has gone by then.
            waiting.append { if received.clientIsConnected { self.balance(received, answer: answer) } }
            return
        }
        acceptOutside(received, answer: answer)
    }

    /// An outside client's request becomes an exchange of the client its cookies name.
    /// With an engine, server K (`pinnedTo`) received it: the engine chose the server.
    func acceptOutside(_ received: ReceivedRequest, answer: @escaping (Answer) -> Void, pinnedTo: Int? = nil) {
        guard let request = Self.request(from: received) else {
            return answer(.balancer(405, "Method Not Allowed: the application takes GET and POST"))
        }
        var clockEvents: [Event] = []
        // The time is recorded when the request is, at its end: requests that overlap
        // would otherwise put their `advance`s before both.
        catchUp(into: &clockEvents, recordingTime: false)
        let cookieName = world.settings.cookieName
        let ip = received.address ?? IPv4(127 << 24 | 1)
        let exchange = Exchange(
            id: nextExchangeID(), browser: "", isBuiltIn: false, request: request, routeIP: ip,
            remote: received.remote, wantsHTML: Self.wantsHTML(received.message))
        exchange.userAgent = received.message.headers.first(name: "user-agent")
        exchange.cookiesGiven = true
        exchange.provenance = Self.provenance(of: received.message)
        exchange.events = clockEvents
        exchange.clockAtArrival = world.clock
        exchange.answer = answer
        if let (owner, value) = clients.owner(of: request, cookieName: cookieName) {
            if clients.outside.contains(owner) || owner == "anonymous" {
                exchange.browser = owner
            } else if let carrier = clients.carrier(of: value) {
                exchange.browser = carrier
            } else {
                // A value set for a built-in browser: someone else holds it (hijacking). That
                // someone is one new client, whatever it sends next with the value.
                exchange.browser = openOutsideClient(ip: ip, into: &exchange.events)
                exchange.carriesCookieOf = owner
                clients.noteCarrier(exchange.browser, of: value)
            }
        } else {
            exchange.browser = clients.nextName
            exchange.isProvisional = true
        }
        exchanges[exchange.id] = exchange
        outsideInFlight += 1
        world.prepareRecordedRequest(from: exchange.browser, request, into: &exchange.events)
        guard let k = pinnedTo else { return route(exchange) }
        exchange.engineServer = k
        if let note = Self.crossSiteNote(received.message, server: k) {
            exchange.notes.append(note)
        }
        // The engine's choice, as the world's route step (its event; the engine set its own cookie).
        _ = world.route(request, from: ip, browser: exchange.browser, pinnedTo: .some(k), into: &exchange.events)
        let served = respond(exchange, atServer: k)
        exchange.upstream = served
        finish(exchange, response: exchange.response ?? HTTPResponse(status: served.status), server: k)
    }

    /// Opens the next `client-K` in the world, at its real address.
    func openOutsideClient(ip: IPv4, into events: inout [Event]) -> String {
        let name = clients.addClient()
        events += (try? world.apply(.openBrowser(name: name, ip: ip))) ?? []
        recording.line("browser \(name) ip=\(ip)")
        return name
    }

    /// The world's balancer step, then the real hop to the chosen server.
    private func route(_ exchange: Exchange) {
        guard
            let decision = world.route(
                exchange.request, from: exchange.routeIP, browser: exchange.browser, pinnedTo: exchange.pin,
                into: &exchange.events)
        else {
            exchange.upstream = .balancer(503, "Service Unavailable: no server is up")
            return finish(exchange, response: HTTPResponse(status: 503), server: nil)
        }
        exchange.decision = decision
        if !exchange.isBuiltIn {
            // An outside request's application step runs now, with its route: requests that
            // overlap on the wire reach the world one at a time, in the order they arrived,
            // and the recording (which replays each `send` whole) holds them in that order.
            // The server's listener answers with what the world decided here.
            let (response, user) = world.serve(
                exchange.request, atServer: decision.server, browser: exchange.browser, clientIP: exchange.routeIP,
                into: &exchange.events)
            (exchange.response, exchange.user, exchange.precomputed) = (response, user, true)
            noteArrival(exchange, response: response, server: decision.server)
        }
        forward(exchange, to: decision.server)
    }

    /// Sends the request to server K over a keep-alive connection of the balancer's (an idle
    /// one at once, without a future: that is every request but a connection's first).
    func forward(_ exchange: Exchange, to k: Int) {
        var forwarded = [("Host", "127.0.0.1:\(servers[k - 1].port)"), (Self.exchangeHeader, String(exchange.id))]
        forwarded += exchange.provenance
        if let connection = idleUpstream(k) { return send(exchange, over: connection, to: k, headers: forwarded) }
        connectUpstream(k).whenComplete { result in
            switch result {
            case .success(let connection): self.send(exchange, over: connection, to: k, headers: forwarded)
            case .failure: self.upstreamFailed(exchange, server: k)
            }
        }
    }

    private func send(_ exchange: Exchange, over connection: UpstreamConnection, to k: Int, headers: [(String, String)])
    {
        connection.send(exchange.request, wantsHTML: exchange.wantsHTML, headers: headers) { answer in
            if let answer {
                // Back to the pool, unless the server went away meanwhile (or `cluster` removed it).
                if connection.isReusable, self.servers.indices.contains(k - 1), self.servers[k - 1].channel != nil {
                    connection.idleSince = .now()
                    self.servers[k - 1].idleUpstreams.append(connection)
                }
                self.relay(exchange, answer: answer, server: k)
            } else {
                self.upstreamFailed(exchange, server: k)
            }
        }
    }

    /// The server vanished between the balancer's choice and its answer (it was killed):
    /// the balancer answers 503 itself.
    private func upstreamFailed(_ exchange: Exchange, server k: Int) {
        guard exchange.response == nil || exchange.upstream == nil else { return }
        exchange.upstream = .balancer(503, "Service Unavailable: server-\(k) went away")
        let served = exchange.response != nil
        finish(exchange, response: exchange.response ?? HTTPResponse(status: 503), server: served ? k : nil)
    }

    /// An idle connection to server K that is still open. One idle for half the server's
    /// idle limit is closed instead: the server may be closing it as the request leaves.
    private func idleUpstream(_ k: Int) -> UpstreamConnection? {
        let now = NIODeadline.now()
        while let connection = servers[k - 1].idleUpstreams.popLast() {
            guard connection.channel.isActive else { continue }
            if now - connection.idleSince < .nanoseconds(FrontLimits.idle.nanoseconds / 2) { return connection }
            connection.channel.close(promise: nil)
        }
        return nil
    }

    /// A new connection to server K.
    private func connectUpstream(_ k: Int) -> EventLoopFuture<UpstreamConnection> {
        let port = servers[k - 1].port
        let handler = UpstreamConnection.Handler()
        return ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .map { UpstreamConnection(channel: $0, handler: handler) }
    }

    /// The server's answer reaches the balancer: its own cookie is added, the world's jar
    /// step runs, and the client gets the answer.
    private func relay(_ exchange: Exchange, answer: Answer, server k: Int) {
        var response = exchange.response ?? HTTPResponse(status: answer.status)
        var passed = answer
        if let sticky = exchange.decision?.setCookie {
            response.setCookies.append(sticky)
            passed.headers.append(("Set-Cookie", sticky))
        }
        exchange.upstream = passed
        finish(exchange, response: response, server: k)
    }

    /// The end of an exchange: the outside client gets its name, the world's deliver step
    /// runs, the step is shown and recorded, and the client is answered.
    func finish(_ exchange: Exchange, response: HTTPResponse, server: Int?) {
        if exchanges.removeValue(forKey: exchange.id) != nil, !exchange.isBuiltIn {
            outsideInFlight -= 1
            // A statement that waited for the requests in flight starts once this one is answered.
            if outsideInFlight == 0, !statementsWaiting.isEmpty {
                let ready = statementsWaiting
                statementsWaiting = []
                loop.execute { for start in ready { start() } }
            }
        }
        noteArrival(exchange, response: response, server: server)
        let cookieName = world.settings.cookieName
        if exchange.cookiesGiven, observedHeaders[exchange.browser] != .some(exchange.request.cookieHeader) {
            world.observeSentCookies(from: exchange.browser, exchange.request)
        }
        world.deliver(
            response, to: exchange.browser, path: exchange.request.path, server: server, user: exchange.user,
            into: &exchange.events)
        if exchange.cookiesGiven {
            observedHeaders[exchange.browser] = response.setCookies.isEmpty ? .some(exchange.request.cookieHeader) : nil
        }
        clients.noteSet(response, for: exchange.browser, cookieName: cookieName)
        if !exchange.isBuiltIn {
            clients.noteDetails(exchange.browser, address: exchange.remote, userAgent: exchange.userAgent)
            guard options.reportsRequests else {
                exchange.answer?(exchange.upstream ?? .balancer(503, "Service Unavailable"))
                exchange.answer = nil
                return
            }
            let text = exchange.sendLine ?? Recording.sendLine(exchange.browser, exchange.request)
            var notes: [String] = []
            if let k = exchange.engineServer {
                notes.append(Self.engineChoice(options.engine, browser: exchange.browser, server: k))
            }
            notes += exchange.notes
            if let owner = exchange.carriesCookieOf {
                notes.append("\(exchange.browser) carries \(owner)'s cookie (session hijacking, seen from the server)")
            }
            observer(
                LiveStep(
                    clockBefore: world.clock, line: nil, text: text, events: exchange.events,
                    addresses: [exchange.browser: exchange.remote], notes: notes, epoch: world.settings.epoch))
        }
        if exchange.isBuiltIn { statementNotes += exchange.notes }
        let answer = exchange.upstream ?? .balancer(503, "Service Unavailable")
        exchange.answer?(answer)
        exchange.answer = nil
        exchange.finished?()
    }

    /// What an outside request decides for the recording, once, as soon as the world has
    /// answered it: the time it arrived, the client's name (a new `client-K` if the answer
    /// set it a session, else `anonymous`), its `send` line and what it got, together: the
    /// `expect`s that follow a `send` must be its own, and `anonymous` is shared.
    private func noteArrival(_ exchange: Exchange, response: HTTPResponse, server: Int?) {
        guard !exchange.isBuiltIn, !exchange.arrivalNoted else { return }
        exchange.arrivalNoted = true
        if options.realTime { recording.timePassed(to: exchange.clockAtArrival) }
        let cookieName = world.settings.cookieName
        if exchange.isProvisional {
            if ClientRegistry.sessionValue(setBy: response, cookieName: cookieName) != nil {
                var opened: [Event] = []
                let name = openOutsideClient(ip: exchange.routeIP, into: &opened)
                // Another new client may have taken the name it was given on arrival.
                if name != exchange.browser {
                    exchange.events = exchange.events.map { $0.renamingBrowser(exchange.browser, to: name) }
                }
                exchange.events = opened + exchange.events
                exchange.browser = name
            } else {
                exchange.events = exchange.events.map { $0.renamingBrowser(exchange.browser, to: "anonymous") }
                exchange.browser = "anonymous"
                if world.browser(named: "anonymous") == nil {
                    var opened = (try? world.apply(.openBrowser(name: "anonymous", ip: exchange.routeIP))) ?? []
                    recording.line("browser anonymous ip=\(exchange.routeIP)")
                    opened += exchange.events
                    exchange.events = opened
                }
            }
        }
        guard options.reportsRequests else { return }
        let text = Recording.sendLine(exchange.browser, exchange.request)
        exchange.sendLine = text
        for note in Recording.sendNotes(exchange.browser, exchange.request) { recording.line(note) }
        recording.line(text)
        recording.outcome(
            browser: exchange.browser, status: response.status, server: server, clockAfter: world.clock,
            pinned: options.engine != .builtin)
    }

    /// The application's request from what arrived: GET or POST, the path without query,
    /// the `Cookie` header as sent, the form of an urlencoded body. nil for other methods.
    static func request(from received: ReceivedRequest) -> HTTPRequest? {
        let method: HTTPRequest.Method
        switch received.message.method {
        case "GET": method = .get
        case "POST": method = .post
        default: return nil
        }
        var path = received.message.target
        // The absolute form (`http://host:port/me`, as proxies are sent) names the same path.
        if let scheme = path.range(of: "://") {
            let rest = path[scheme.upperBound...]
            path = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
        }
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<cut]) }
        if !path.hasPrefix("/") { path = "/" + path }
        let cookies = received.message.headers["cookie"]
        let cookieHeader = cookies.isEmpty ? nil : cookies.joined(separator: "; ")
        let contentType = received.message.headers.first(name: "content-type") ?? ""
        let form =
            method == .post && (contentType.isEmpty || contentType.hasPrefix("application/x-www-form-urlencoded"))
            ? FormBody.decode(received.body) : []
        return HTTPRequest(method: method, path: path, cookieHeader: cookieHeader, form: form)
    }

    /// The headers that tell where a navigation came from, as received.
    static func provenance(of head: HTTP1Message) -> [(String, String)] {
        var found: [(String, String)] = []
        // Compared byte by byte: a lowercased copy of every header name costs an allocation
        // each, on every request.
        for (name, value) in head.headers
        where name.utf8.count >= 6
            && (name.hasPrefixIgnoringCase("sec-fetch-") || name.equalsASCIICaseInsensitive("origin")
                || name.equalsASCIICaseInsensitive("referer"))
        {
            found.append((name, value))
        }
        return found
    }

    /// What server K saw of a request from another site's page (`Sec-Fetch-Site:
    /// cross-site`, or an `Origin` of another site), for the transcript; nil otherwise.
    static func crossSiteNote(_ head: HTTP1Message, server k: Int) -> String? {
        let site = head.headers.first(name: "sec-fetch-site")
        let origin = head.headers.first(name: "origin")
        guard site == "cross-site" || site == "same-site" || (site == nil && origin != nil) else { return nil }
        let shown = ["Sec-Fetch-Site", "Origin", "Referer"].compactMap { name in
            head.headers.first(name: name).map { "\(name): \($0)" }
        }
        return "server-\(k) received the request with \(shown.joined(separator: ", "))"
    }

    /// Whether the request's `Accept` lists `text/html`.
    static func wantsHTML(_ head: HTTP1Message) -> Bool {
        head.headers["accept"].contains { $0.contains("text/html") }
    }
}

extension String {
    /// ASCII case-insensitive prefix test, without allocating (header names are ASCII; for
    /// equality, `equalsASCIICaseInsensitive` of SessionScopeHTTP1).
    func hasPrefixIgnoringCase(_ prefix: StaticString) -> Bool {
        let bytes = utf8
        guard bytes.count >= prefix.utf8CodeUnitCount else { return false }
        var index = bytes.startIndex
        for i in 0..<prefix.utf8CodeUnitCount {
            if bytes[index] | 0x20 != prefix.utf8Start[i] | 0x20 { return false }
            index = bytes.index(after: index)
        }
        return true
    }

}

extension Event {
    /// The event with browser `old` renamed `new`, for the steps that ran before an outside
    /// client's name was known (only these three name the browser before the jar step).
    func renamingBrowser(_ old: String, to new: String) -> Event {
        if case .requestSent(old, let request) = self { return .requestSent(browser: new, request: request) }
        if case .requestRouted(old, let server, let why) = self {
            return .requestRouted(browser: new, server: server, why: why)
        }
        if case .requestRejected(old, let why) = self { return .requestRejected(browser: new, why: why) }
        return self
    }
}
