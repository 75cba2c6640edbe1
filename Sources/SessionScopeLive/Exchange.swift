import SessionScopeCore

/// One request on its way through the live cluster: who sent it, what the world made of
/// each step so far, and the events to show once it is answered.
/// Confined to the cluster's event loop (hence `@unchecked Sendable`).
final class Exchange: @unchecked Sendable {
    let id: Int
    /// The browser's name; for an outside client not yet known, the name it gets if its
    /// answer sets it a session (else it becomes `anonymous`).
    var browser: String
    let isBuiltIn: Bool
    /// Whether `browser` is only provisional (an outside client seen for the first time).
    var isProvisional = false
    /// The built-in browser whose session value an outside client carries.
    var carriesCookieOf: String?
    /// The server nginx or HAProxy chose for an outside client's request (for the transcript).
    var engineServer: Int?
    var request: HTTPRequest
    /// Whether the request's `Cookie` header was given, not chosen by a jar (an outside
    /// client's, or `send`): the browser's jar then keeps what was sent (observed).
    var cookiesGiven = false
    /// The headers that tell where a navigation came from (`Origin`, `Referer`, `Sec-Fetch-*`),
    /// as the balancer received them: passed on to the server, as a proxy does.
    var provenance: [(String, String)] = []
    /// Notes for the transcript (what the server saw of the request's origin).
    var notes: [String] = []
    /// The `together` group the request belongs to, and its part (`LiveCluster+Together.swift`).
    var together: TogetherRun?
    var part = 0
    /// Whether the world answered already (a part of `together`, run as one group): the
    /// server's listener sends that answer instead of running the application again.
    var precomputed = false
    /// `... via=server-K` with the built-in balancer: the server the request must go to.
    var pin: Int??
    /// The address the balancer hashes: a built-in browser's scenario address, an outside
    /// client's real one; also the address the server records.
    var routeIP: IPv4
    /// Where the request really came from (`127.0.0.2:41236`).
    var remote: String
    var userAgent: String?
    var wantsHTML: Bool
    var events: [Event] = []
    /// The cluster's clock when the request arrived (the recording's `advance` up to it).
    var clockAtArrival = Instant.zero
    var decision: Balancer.Decision?
    var response: HTTPResponse?
    var user: String?
    /// Answers the HTTP client once the world is done with the request.
    var answer: ((Answer) -> Void)?
    /// The headers and body the server sent, passed on by the balancer.
    var upstream: Answer?
    /// Whether an outside request's arrival is noted (its name is then final), and its
    /// `send` line (when requests are reported).
    var arrivalNoted = false
    var sendLine: String?
    /// Called when the exchange is over (a built-in browser's statement waits for it).
    var finished: (() -> Void)?

    init(
        id: Int, browser: String, isBuiltIn: Bool, request: HTTPRequest, routeIP: IPv4, remote: String,
        wantsHTML: Bool
    ) {
        self.id = id
        self.browser = browser
        self.isBuiltIn = isBuiltIn
        self.request = request
        self.routeIP = routeIP
        self.remote = remote
        self.wantsHTML = wantsHTML
    }
}
