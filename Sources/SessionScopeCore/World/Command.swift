/// Something that happens to the world: what a scenario statement, a key press or the `:`
/// line asks for, already checked for syntax.
public enum Command: Equatable, Sendable {
    case cluster(ClusterSettings)
    case addUser(name: String, password: String)
    case openBrowser(name: String, ip: IPv4?)
    case crowd(count: Int, login: Bool)
    case request(browser: String, method: HTTPRequest.Method, path: String, form: [FormField])
    case login(browser: String, user: String, password: String?, remember: Bool)
    case logout(browser: String)
    /// `NAME send METHOD PATH [cookie="..."] [k=v ...]`: exactly this `Cookie` header (none
    /// when nil) and form, bypassing the jar; the response still reaches it (recordings).
    case sendRecorded(browser: String, method: HTTPRequest.Method, path: String, cookie: String?, form: [FormField])
    case close(browser: String)
    case clear(browser: String)
    /// `NAME steal OTHER [via=copy|script|network]` (1.1 adds `via`).
    case steal(thief: String, victim: String, via: StealMethod = .copy)
    /// 1.1: `NAME get|post PATH from=SITE`: a link or a form on a page of another site.
    case crossSiteRequest(browser: String, method: HTTPRequest.Method, path: String, form: [FormField], site: String)
    /// 1.1: `crowd N bots=on [requests=K]`: guests that keep no cookies, each sending `GET /` K times.
    case crowdBots(count: Int, requests: Int)
    /// 1.1: `together STATEMENT | STATEMENT ...`: requests (`request`, `crossSiteRequest`,
    /// `login`, `logout`, `sendRecorded`) that arrive at the same time.
    case together([Command])
    /// 1.1: `NAME tamper CLAIM=VALUE` / `NAME tamper alg=none`.
    case tamper(browser: String, change: TokenTamper)
    case killServer(Int)
    case startServer(Int)
    case storeDown
    case storeUp
    /// 1.1: `store restart`: the real store process stops and starts again.
    case storeRestart
    /// 1.1: `store lag on|off`: the replicas stop / resume receiving the primary's writes
    /// (`on` first waits until they hold every earlier write).
    case storeLag(Bool)
    /// 1.1: `store failover`: the primary crashes and a replica is promoted.
    case storeFailover
    case advance(TimeSpan)
    /// Extension for recordings of live runs behind nginx or HAProxy: `REQUEST via=server-K`
    /// (a `request`, `crossSiteRequest`, `login`, `logout` or `sendRecorded`) goes to server K,
    /// whatever the balancer's policy would pick, since the engine's hashing was its own;
    /// `via=none` (nil): the engine answered itself, as when no server is up.
    indirect case pinned(Command, server: Int?)
}

/// How a thief gets a victim's cookies (`steal ... via=`).
public enum StealMethod: String, CaseIterable, Equatable, Sendable {
    /// Copied from the jar itself (malware, a shared computer): every valid cookie.
    case copy
    /// A script on the site's page reading `document.cookie`: no `HttpOnly` cookie.
    case script
    /// Someone reading the victim's requests on the wire: what the jar would send now, and
    /// nothing over https.
    case network
}

/// A change to the token a browser holds, made without the server's key.
public enum TokenTamper: Equatable, Sendable, CustomStringConvertible {
    /// A claim of the payload set to a value; the old signature is kept. For `exp` and `iat`
    /// the value is Unix seconds, or `+DURATION` / `-DURATION` from now.
    case claim(name: String, value: String)
    /// The header's `alg` set to `none` and the signature removed.
    case algNone

    /// The claims `tamper` may change.
    public static let claims = ["sub", "exp", "iat", "jti"]

    /// `sub=bob`, `alg=none`.
    public var description: String {
        switch self {
        case .claim(let name, let value): return "\(name)=\(value)"
        case .algNone: return "alg=none"
        }
    }
}
