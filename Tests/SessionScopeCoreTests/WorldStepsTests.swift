import SessionScopeCore
import Testing

/// The four public steps of a request (live mode's) give exactly what `send` gives in the
/// simulation: same events, same state.
@Test(arguments: BalancerPolicy.allCases)
func theStepsByHandEqualTheSimulatedRequest(policy: BalancerPolicy) throws {
    var settings = ClusterSettings()
    settings.servers = 3
    settings.balancer = policy
    var simulated = try World(settings: settings)
    var stepped = try World(settings: settings)
    let requests: [HTTPRequest] = [
        HTTPRequest(method: .get, path: "/"),
        HTTPRequest(
            method: .post, path: "/login", form: [FormField("user", "alice"), FormField("password", "secret")]),
        HTTPRequest(method: .get, path: "/me"),
        HTTPRequest(method: .post, path: "/logout"),
        HTTPRequest(method: .get, path: "/nowhere"),
    ]
    for world in [0, 1] {
        var events: [Event] = []
        if world == 0 {
            events = try simulated.apply(.openBrowser(name: "alice", ip: nil))
        } else {
            events = try stepped.apply(.openBrowser(name: "alice", ip: nil))
        }
        #expect(!events.isEmpty)
    }
    for (number, request) in requests.enumerated() {
        if number == 3 {
            _ = try simulated.apply(.killServer(1))
            _ = try stepped.apply(.killServer(1))
        }
        let expected = try simulated.apply(
            .request(browser: "alice", method: request.method, path: request.path, form: request.form))
        var events: [Event] = []
        let prepared = try #require(stepped.prepareRequest(from: "alice", request, into: &events))
        let ip = try #require(stepped.browser(named: "alice")).ip
        if let decision = stepped.route(prepared, from: ip, browser: "alice", into: &events) {
            var (response, user) = stepped.serve(
                prepared, atServer: decision.server, browser: "alice", clientIP: ip, into: &events)
            if let sticky = decision.setCookie { response.setCookies.append(sticky) }
            stepped.deliver(
                response, to: "alice", path: prepared.path, server: decision.server, user: user, into: &events)
        } else {
            stepped.deliver(
                HTTPResponse(status: 503), to: "alice", path: prepared.path, server: nil, user: nil, into: &events)
        }
        #expect(events == expected, "request \(number) under \(policy)")
        #expect(stepped.browser(named: "alice") == simulated.browser(named: "alice"))
    }
}

/// `send` bypasses the jar: exactly the `Cookie` header given; the answer reaches the jar.
@Test func sendRecordedSendsExactlyTheCookieHeaderGiven() throws {
    var world = try World()
    _ = try world.apply(.openBrowser(name: "alice", ip: nil))
    let events = try world.apply(
        .sendRecorded(browser: "alice", method: .get, path: "/me", cookie: "SID=nonsense; LB=server-9", form: []))
    #expect(
        events.contains(
            .requestSent(
                browser: "alice",
                request: HTTPRequest(method: .get, path: "/me", cookieHeader: "SID=nonsense; LB=server-9"))))
    #expect(world.browser(named: "alice")?.last?.status == 401)
    #expect(world.browser(named: "alice")?.jar.cookies.count == 1)
}

/// Live mode's clock: running it on sweeps what expired, without a `clockAdvanced` line.
@Test func runClockSweepsWithoutAnAdvanceEvent() throws {
    var settings = ClusterSettings()
    settings.timeout = .minutes(1)
    var world = try World(settings: settings)
    _ = try world.apply(.openBrowser(name: "alice", ip: nil))
    _ = try world.apply(.request(browser: "alice", method: .get, path: "/", form: []))
    var events: [Event] = []
    world.runClock(to: Instant(milliseconds: 180_000), into: &events)
    #expect(world.clock == Instant(milliseconds: 180_000))
    #expect(events.contains { if case .sessionsSwept = $0 { return true } else { return false } })
    #expect(!events.contains { if case .clockAdvanced = $0 { return true } else { return false } })
    events = []
    world.runClock(to: Instant(milliseconds: 1000), into: &events)
    #expect(events.isEmpty && world.clock == Instant(milliseconds: 180_000))
}
