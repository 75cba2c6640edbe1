import NIOCore
import SessionScopeCore

/// One `together` over real sockets (live-mode.md, "Statements in live mode"): the
/// built-in browsers send their requests at the same time, each from its own address;
/// once all of them have arrived at the balancer, the world applies them as one group in
/// the language's order (routed and loaded in the order written, then each runs and saves,
/// goes to its server for real, and its answer reaches its jar, in that order).
/// Confined to the cluster's event loop (hence `@unchecked Sendable`).
final class TogetherRun: @unchecked Sendable {
    var group: TogetherGroup
    var exchanges: [Exchange] = []
    var arrived = 0
    var events: [Event]
    let done: EventLoopPromise<[Event]>

    init(group: TogetherGroup, events: [Event], done: EventLoopPromise<[Event]>) {
        self.group = group
        self.events = events
        self.done = done
    }
}

extension LiveCluster {
    /// Sends every request of the group at once; the future holds the group's events once
    /// every answer has reached its browser.
    func together(_ commands: [Command], _ events: [Event]) -> EventLoopFuture<[Event]> {
        var events = events
        let group = world.prepareTogether(commands, into: &events)
        guard group.count > 0 else { return loop.makeSucceededFuture(events) }
        let run = TogetherRun(group: group, events: events, done: loop.makePromise())
        for i in 0..<group.count {
            let index = group.browserIndex(i)
            let exchange = Exchange(
                id: nextExchangeID(), browser: world.browsers[index].name, isBuiltIn: true, request: group.request(i),
                routeIP: world.browsers[index].ip, remote: BrowserConnection.address(forBrowser: index + 1),
                wantsHTML: false)
            exchange.together = run
            exchange.part = i
            exchanges[exchange.id] = exchange
            run.exchanges.append(exchange)
        }
        let sent: [EventLoopFuture<Void>] = run.exchanges.map { exchange in
            let answered = BrowserConnection.send(
                exchange.request, exchange: exchange.id, from: exchange.remote, to: port, tls: options.tls?.client,
                on: loop)
            return answered.map { answer in
                // A connection that failed before the balancer saw the request: its part is
                // still applied with the group (the world decides), but nobody hears the answer.
                if answer == nil, exchange.answer == nil, self.exchanges[exchange.id] != nil {
                    self.warn("\(exchange.browser): the request did not reach the balancer at \(self.url)")
                    exchange.answer = { _ in }
                    self.arrived(run)
                }
            }
        }
        return run.done.futureResult.flatMap { events in
            EventLoopFuture.andAllComplete(sent, on: self.loop).map {
                for exchange in run.exchanges { self.lastRemote[exchange.browser] = exchange.remote }
                return events
            }
        }
    }

    /// A request of the group reached the balancer; the last one starts the group.
    func arrived(_ run: TogetherRun) {
        run.arrived += 1
        guard run.arrived == run.exchanges.count else { return }
        world.loadTogether(&run.group, into: &run.events)
        runPart(run, 0)
    }

    /// Part `i` runs in the world, goes to its server for real, and is answered; then the next.
    private func runPart(_ run: TogetherRun, _ i: Int) {
        guard i < run.exchanges.count else { return run.done.succeed(run.events) }
        let exchange = run.exchanges[i]
        exchange.events = []
        let (response, user) = world.runTogether(run.group, part: i, into: &exchange.events)
        exchange.response = response
        exchange.user = user
        exchange.finished = {
            run.events += exchange.events
            self.runPart(run, i + 1)
        }
        guard let decision = run.group.decision(i) else {
            exchange.upstream = .balancer(503, "Service Unavailable: no server is up")
            return finish(exchange, response: response, server: nil)
        }
        exchange.decision = decision
        exchange.precomputed = true
        forward(exchange, to: decision.server)
    }
}
