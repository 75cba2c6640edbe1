extension Balancer {
    /// The decision for a request pinned to server K (`... via=server-K`, recordings of
    /// nginx and HAProxy): K when it is up, nil when it is not or when `k` is nil. The
    /// reason is the policy's, for server K, as the engine in front applied it; the
    /// round-robin cursor and the seeded generator are left alone, as in the live run,
    /// where the engine decided. Under `sticky-cookie` the balancer's cookie is set when
    /// the request did not name K, as HAProxy's `cookie LB insert` does.
    public func pinned(_ request: HTTPRequest, to k: Int?, from ip: IPv4, servers: [Server]) -> Decision? {
        guard let k, k >= 1, k <= servers.count, servers[k - 1].isUp else { return nil }
        switch policy {
        case .roundRobin: return Decision(server: k, reason: .roundRobin(skipped: []))
        case .random: return Decision(server: k, reason: .random)
        case .ipHash: return Decision(server: k, reason: .ipHash(ip: ip, skipped: []))
        case .leastSessions: return Decision(server: k, reason: .leastSessions(count: servers[k - 1].table.count))
        case .stickyCookie:
            let named = request.withCookieValue(named: Self.cookieName, Self.serverNumber) ?? nil
            if named == k { return Decision(server: k, reason: .stickyCookie) }
            let reason: RouteReason = named.map { .stickyDead(named: $0, skipped: []) } ?? .stickyNew(skipped: [])
            return Decision(server: k, reason: reason, setCookie: "\(Self.cookieName)=server-\(k); Path=/")
        }
    }
}
