import NIOCore
import SessionScopeCore

/// A real nginx or HAProxy as the balancer (live-mode.md, "Engines"): it listens at
/// `--listen` and proxies to the servers' own listeners, which name the client of each
/// request themselves and tell the engine's choice by `X-Served-By`.
extension LiveCluster {
    /// The configuration the engine runs (or would run) for the servers' ports now.
    func engineConfig(directory: String) -> EngineConfig {
        var config = EngineConfig(
            engine: options.engine, balancer: world.settings.balancer, host: options.host, port: port,
            serverPorts: servers.map(\.port), directory: directory)
        config.tls = options.tls != nil
        return config
    }

    /// Starts (or restarts, after `cluster` or a server's new port) the engine at the
    /// balancer's address. Runs on the loop and blocks it until the engine listens.
    func startEngine() throws {
        if let refusal = EngineConfig.refusal(engine: options.engine, balancer: world.settings.balancer) {
            throw LiveError(message: refusal, isUsage: true)
        }
        if engineProcess == nil {
            guard let reserved = EngineProcess.reserve(host: options.host, port: options.port) else {
                throw LiveError(
                    message: "cannot listen on \(options.host):\(options.port): the address is in use or not this "
                        + "machine's",
                    isUsage: true)
            }
            port = reserved
            engineProcess = try EngineProcess(engine: options.engine)
        }
        guard let engineProcess else { return }
        try engineProcess.start(engineConfig(directory: engineProcess.directory), tls: options.tls)
    }

    /// The engine's generated configuration, for the balancer pane (nil for the built-in engine).
    public func engineConfigText() -> String? {
        (try? loop.submit { self.engineProcess?.config?.text }.wait()) ?? nil
    }

    /// A request the engine passed to server K: a built-in browser's (its exchange waits),
    /// or an outside client's, named here and pinned to K (the engine chose it).
    func receiveFromEngine(_ arrived: ReceivedRequest, atServer k: Int, answer: @escaping (Answer) -> Void) {
        var received = arrived
        if let remote = received.message.headers.first(name: EngineConfig.remoteHeader),
            let colon = remote.lastIndex(of: ":")
        {
            received.remote = remote
            received.remoteIP = String(remote[..<colon])
        }
        if let id = received.message.headers.first(name: Self.exchangeHeader).flatMap(Int.init),
            let exchange = exchanges[id], exchange.isBuiltIn, exchange.response == nil
        {
            exchange.remote = received.remote
            if let note = Self.crossSiteNote(received.message, server: k) {
                exchange.notes.append(note)
            }
            // The engine's choice, as the world's route step (the event and the browser's last route).
            _ = world.route(
                exchange.request, from: exchange.routeIP, browser: exchange.browser, pinnedTo: .some(k),
                into: &exchange.events)
            return answer(respond(exchange, atServer: k))
        }
        if statementRunning {
            // The engine gave up on it meanwhile (it closed the connection): not applied.
            waiting.append {
                if received.clientIsConnected { self.receiveFromEngine(received, atServer: k, answer: answer) }
            }
            return
        }
        acceptOutside(received, answer: answer, pinnedTo: k)
    }

    /// A built-in browser's answer came back through the engine: the server that answered
    /// is the one `X-Served-By` names; the engine's own cookie (HAProxy's `LB`) reaches
    /// the jar with the server's; an answer of the engine's own reached no server.
    func finishFromEngine(_ exchange: Exchange, answer: Answer) {
        guard exchanges[exchange.id] != nil else { return }
        let servedBy = answer.headers.first { $0.0.lowercased() == "x-served-by" }?.1 ?? ""
        if servedBy.hasPrefix("server-"), let k = Int(servedBy.dropFirst("server-".count)),
            var response = exchange.response
        {
            for (name, value) in answer.headers
            where name.lowercased() == "set-cookie" && !response.setCookies.contains(value) {
                response.setCookies.append(value)
            }
            exchange.upstream = answer
            statementNotes.append(Self.engineChoice(options.engine, browser: exchange.browser, server: k))
            return finish(exchange, response: response, server: k)
        }
        statementNotes.append("\(options.engine.rawValue) answered \(exchange.browser) itself: \(answer.status)")
        if answer.status == 503 {
            exchange.events.append(.requestRejected(browser: exchange.browser, why: .noLiveServer))
        }
        exchange.upstream = answer
        finish(exchange, response: HTTPResponse(status: answer.status), server: nil)
    }

    /// The transcript's note of the engine's choice.
    static func engineChoice(_ engine: LiveEngine, browser: String, server k: Int) -> String {
        "\(engine.rawValue) sent \(browser)'s request to server-\(k) (X-Served-By)"
    }
}
