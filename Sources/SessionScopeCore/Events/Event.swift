/// Where a session lives: one server's memory, or the shared store.
public enum SessionLocation: Hashable, Sendable, CustomStringConvertible {
    case server(Int)
    case store

    public var description: String {
        switch self {
        case .server(let k): return "server-\(k)"
        case .store: return "store"
        }
    }
}

/// Why the balancer sent a request where it did.
public enum RouteReason: Equatable, Sendable {
    /// Round robin: the next live server in turn; `skipped` are dead servers passed over.
    case roundRobin(skipped: [Int])
    /// The seeded random pick among live servers.
    case random
    /// The hash of the client address; `skipped` are dead servers passed over.
    case ipHash(ip: IPv4, skipped: [Int])
    /// The balancer's cookie named a live server.
    case stickyCookie
    /// No balancer cookie: round robin, and the cookie is set.
    case stickyNew(skipped: [Int])
    /// The cookie named a dead server: round robin, and the cookie is rewritten.
    case stickyDead(named: Int, skipped: [Int])
    /// The live server with the fewest sessions.
    case leastSessions(count: Int)
}

/// Why a session cookie did not lead to a usable session.
public enum MissReason: Equatable, Sendable {
    /// The id is not in this server's table (or the shared store).
    case unknown
    /// The cookie value is not a session id at all.
    case malformed
    /// 1.1: the store evicted the session at its memory limit, under this policy (Redis's
    /// `maxmemory-policy`, as Redis reported the eviction).
    case evicted(policy: String)
}

/// Why a JWT was not accepted.
public enum TokenRejection: Error, Equatable, Sendable {
    case missing
    case malformed
    case badSignature
    case expired(exp: Int64)
    /// The header says `alg: none` (1.1).
    case algNone
    /// The token's `jti` is on this server's denylist (1.1).
    case revoked(jti: String)
}

/// A typed, past-tense fact about the world. Transcripts, the terminal UI and JSON output
/// are all rendered from these; nothing re-derives what happened.
public enum Event: Equatable, Sendable {
    // The cluster and its parts
    /// Large payloads are `indirect` so that every event stays small in the event arrays.
    indirect case clusterBuilt(ClusterSettings)
    case accountAdded(user: String)
    case serverCrashed(server: Int, sessionsLost: Int)
    case serverStarted(server: Int)
    case serverAlreadyInState(server: Int, up: Bool)
    case sessionsTransferred(from: Int, to: Int, count: Int)
    case storeWentDown
    case storeCameUp
    case storeNotShared(StoreKind)
    /// 1.1, `store restart`: the real store stopped and started again (`how`, in words); the
    /// sessions it held before and after (nil when it could not be counted).
    case storeRestarted(how: String, before: Int?, after: Int?)
    /// A real store operation failed (the process died, a timeout, a read-only file).
    case storeFailed(operation: StoreStep, cause: String)
    /// A real store operation and its measured latency. Never used for decisions.
    case storeOperation(name: String, microseconds: Double)
    /// 1.1, `store lag on|off`: for `on`, `inSync` of the `replicas` held every earlier write
    /// (`WAIT`) before their links stalled; nil when the lag was already in that state.
    case storeLagChanged(on: Bool, replicas: Int, inSync: Int?)
    /// 1.1, `store failover`: the primary crashed and a replica was promoted.
    indirect case storeFailedOver(Failover)
    /// 1.1: `store lag` or `store failover` could not be carried out (no replicas, or the
    /// real store failed), and why.
    case storeReplicationFailed(statement: String, cause: String)

    // Browsers and their jars
    case browserOpened(browser: String, ip: IPv4, reopened: Bool)
    case browserAlreadyOpen(browser: String)
    case browserClosed(browser: String)
    case cookieDropped(browser: String, name: String, why: DropReason)
    indirect case cookieSet(browser: String, cookie: Cookie, replaced: Bool)
    case cookieDeleted(browser: String, name: String)
    case cookieIgnored(browser: String, header: String, why: String)
    case cookieExpired(browser: String, name: String)
    case cookieWithheld(browser: String, name: String, why: CookieJar.Withheld)
    case cookiesStolen(thief: String, victim: String, names: [String])
    /// 1.1: how the thief reads the victim's cookies (before `cookiesStolen`); `blocked` when
    /// the channel yields nothing at all (the wire under https).
    case cookiesRead(thief: String, victim: String, via: StealMethod, blocked: Bool)
    /// 1.1: `crowd N bots=on`: guests that keep no cookies sent `GET /` `requests` times each.
    indirect case botsCrawled(first: Int, last: Int, requests: Int, sessions: [SessionCount])
    /// `crowd`: guests `first`...`last` visited `/` (and logged in); their own events are not
    /// kept, only the net change of sessions held at each location.
    indirect case crowdArrived(first: Int, last: Int, loggedIn: Bool, sessions: [SessionCount])

    // One request
    case requestSent(browser: String, request: HTTPRequest)
    case requestRouted(browser: String, server: Int, why: RouteReason)
    case requestRejected(browser: String, why: RejectReason)
    case responseReceived(browser: String, server: Int?, response: HTTPResponse)

    // Sessions
    case sessionFound(id: SessionID, user: String?, at: SessionLocation)
    case sessionMissed(id: String, why: MissReason, at: SessionLocation)
    case sessionCreated(id: SessionID, at: SessionLocation)
    case sessionTouched(id: SessionID, at: SessionLocation)
    case sessionRegenerated(old: SessionID, new: SessionID, at: SessionLocation)
    case userBound(id: SessionID, user: String)
    case loginFailed(user: String)
    /// 1.1: a route changed an attribute of the session (the value as `NAME.data.KEY` reads).
    case sessionDataChanged(id: SessionID, key: SessionAttribute, value: String?)
    /// 1.1, in `together`: a whole save wrote back a session that another request of the
    /// group had destroyed meanwhile: it exists again (the store holds one more).
    case sessionRevived(id: SessionID, at: SessionLocation)
    /// 1.1: `GET /cart` answered with the cart.
    case cartShown(browser: String, items: [String])
    /// 1.1, `save=delta`: the session was destroyed meanwhile; the changes were not written.
    case sessionNotRevived(id: SessionID, at: SessionLocation)
    /// 1.1, `lock=on`: the request waited for `holder`'s request of the same `together`
    /// to save the session, then loaded it afresh.
    case requestWaited(browser: String, holder: String, id: SessionID)
    /// 1.1, in `together`: the request wrote its session back, whole (`changed` nil) or only
    /// the attributes it changed.
    case sessionSaved(id: SessionID, at: SessionLocation, changed: [SessionAttribute]?)
    /// 1.1: `together`: the requests of the group arrive at the same time.
    case requestsTogether(browsers: [String])
    /// 1.1, `create=login`: a request without a valid session got none.
    case sessionNotCreated(at: SessionLocation)
    case sessionDestroyed(id: SessionID, at: SessionLocation)
    case sessionExpired(id: SessionID, why: ExpiryReason, at: SessionLocation)
    case sessionReplicated(id: SessionID, from: Int, to: [Int], removed: Bool)
    case sessionsSwept(ids: [SessionID], at: SessionLocation)

    // Stateless tokens
    case tokenIssued(user: String, expires: Int64)
    /// `jti` (1.1) names the token, for denylist checks.
    case tokenAccepted(user: String, expires: Int64, jti: String? = nil)
    case tokenRejected(why: TokenRejection)
    /// 1.1: NAME changed its token without the key (`done` false: it held no token).
    case tokenTampered(browser: String, change: String, done: Bool)
    /// 1.1: logout put the token's `jti` on server K's denylist and copied it to `copiedTo`.
    case tokenRevoked(jti: String, server: Int, copiedTo: [Int])
    /// 1.1: a starting server copied the denylist from a live peer.
    case denylistCopied(from: Int, to: Int, count: Int)

    // Time
    case clockAdvanced(to: Instant)
}

/// A net change in the number of sessions held at a location.
public struct SessionCount: Equatable, Sendable {
    public var at: SessionLocation
    public var change: Int
    /// With a real shared store that failed meanwhile (1.1): the guests answered 503 because
    /// the store failed (refused a write, or could not be reached), with the first cause.
    public var refused = 0
    public var cause: String?
    /// With a real shared store: the sessions it evicted meanwhile (maxmemory).
    public var evicted = 0

    public init(at: SessionLocation, change: Int, refused: Int = 0, cause: String? = nil, evicted: Int = 0) {
        self.at = at
        self.change = change
        self.refused = refused
        self.cause = cause
        self.evicted = evicted
    }
}

/// Why a browser lost a cookie without the server asking.
public enum DropReason: String, Equatable, Sendable {
    case browserClosed = "browser closed"
    case cleared = "jar cleared"
}

/// Why a request got no answer from the application.
public enum RejectReason: Equatable, Sendable {
    case browserClosed
    case noLiveServer
    case storeUnavailable(String)
}

/// What the middleware was doing with the store when it failed.
public enum StoreStep: String, Equatable, Sendable {
    case load, save, delete, sweep
    /// 1.1: `store restart`.
    case restart
}
