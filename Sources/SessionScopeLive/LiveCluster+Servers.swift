import NIOCore
import NIOPosix
import SessionScopeCore

/// Server K's listener: it runs the world's application step for server K and answers
/// with the statuses and cookies the world decided, `X-Served-By` and a rendered body.
extension LiveCluster {
    func serverBootstrap(_ k: Int) -> ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            // A client that shuts its side after sending (`nc -N`) still gets its answer.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                guard self.servers.indices.contains(k - 1), self.servers[k - 1].channel != nil else {
                    return channel.close()
                }
                let key = ObjectIdentifier(channel)
                self.servers[k - 1].accepted[key] = channel
                channel.closeFuture.whenComplete { _ in
                    if self.servers.indices.contains(k - 1) { self.servers[k - 1].accepted[key] = nil }
                }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addLiveServerHandlers(
                        RequestFront(name: "server-\(k)", bodyBytes: FrontLimits.forwardedBodyBytes) {
                            request, answer in
                            guard self.engineProcess == nil else {
                                return self.receiveFromEngine(request, atServer: k, answer: answer)
                            }
                            answer(self.serve(request, atServer: k))
                        })
                }
            }
    }

    /// Server K answers a request the balancer forwarded. A request that did not come
    /// through the balancer names no exchange and is refused.
    func serve(_ received: ReceivedRequest, atServer k: Int) -> Answer {
        let server = "server-\(k)"
        guard let id = received.message.headers.first(name: Self.exchangeHeader).flatMap(Int.init),
            let exchange = exchanges[id], exchange.response == nil || exchange.precomputed
        else {
            return Answer(
                status: 421, headers: [("X-Served-By", server), ("Content-Type", "text/plain; charset=utf-8")],
                body: "421 Misdirected Request: send requests to the balancer at \(url)\n")
        }
        if let note = Self.crossSiteNote(received.message, server: k) {
            exchange.notes.append(note)
        }
        return respond(exchange, atServer: k)
    }

    /// Server K's application answers the exchange's request.
    func respond(_ exchange: Exchange, atServer k: Int) -> Answer {
        let server = "server-\(k)"
        let response: HTTPResponse
        let user: String?
        if exchange.precomputed, let computed = exchange.response {
            // A part of `together`: the world ran it with its group; this is its answer.
            (response, user) = (computed, exchange.user)
            exchange.precomputed = false
        } else {
            (response, user) = world.serve(
                exchange.request, atServer: k, browser: exchange.browser, clientIP: exchange.routeIP,
                into: &exchange.events)
            exchange.response = response
            exchange.user = user
        }
        let knowledge = self.knowledge(after: exchange.request, response: response, server: k, user: user)
        let (contentType, body) = PageRenderer.body(
            method: exchange.request.method, path: exchange.request.path, status: response.status,
            html: exchange.wantsHTML, knowledge: knowledge)
        var headers: [(String, String)] = [("X-Served-By", server), ("Content-Type", contentType)]
        for cookie in response.setCookies { headers.append(("Set-Cookie", cookie)) }
        headers.append(("Cache-Control", "no-store"))
        return Answer(status: response.status, headers: headers, body: body)
    }

    /// What server K knows of the visitor after answering: the session the response set or
    /// the request brought, if it is valid there, and its user.
    private func knowledge(after request: HTTPRequest, response: HTTPResponse, server k: Int, user: String?)
        -> PageRenderer.Knowledge
    {
        var knowledge = PageRenderer.Knowledge(server: "server-\(k)", user: user)
        guard world.settings.store != .jwt else { return knowledge }
        let cookieName = world.settings.cookieName
        let id =
            ClientRegistry.sessionValue(setBy: response, cookieName: cookieName)
            ?? request.cookie(named: cookieName)
        if let id, let session = world.knownSession(id, atServer: k) {
            knowledge.session = id
            knowledge.user = session.user
            knowledge.idleLeft = session.idleLeft
        }
        return knowledge
    }
}
