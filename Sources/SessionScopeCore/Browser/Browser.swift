/// A browser: its address, whether it is open, and its cookie jar.
public struct Browser: Equatable, Sendable {
    public let name: String
    public var ip: IPv4
    public var isOpen = true
    public var jar = CookieJar()
    /// What the last request ended with, for `expect NAME.status/user/server`.
    public var last: LastExchange?
    /// The route the balancer last took for this browser, for the balancer pane.
    public var lastRoute: BalancerRoute?

    public init(name: String, ip: IPv4) {
        self.name = name
        self.ip = ip
    }
}

/// The end of one request: status, the server that handled it, and the user it recognised.
public struct LastExchange: Equatable, Sendable {
    /// nil when the request never got an answer.
    public var status: Int?
    public var server: Int?
    public var user: String?
}

/// Where the balancer sent a browser's last request, and why.
public struct BalancerRoute: Equatable, Sendable {
    public var server: Int
    public var why: RouteReason
}
