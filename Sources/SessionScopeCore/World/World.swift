/// The whole simulated system: virtual clock, seeded generator, accounts, browsers,
/// balancer, servers and session store. `apply(_:)` is the only way it changes, and it
/// returns what happened as events.
///
/// The world is a value, except for a shared store (`sqlite`, `redis`), which is a real
/// external system the world holds a reference to.
public struct World {
    /// The application's origin: every browser talks to this site.
    public static let site = RequestURL(host: "app.example")
    /// The application's origin under the cluster's settings: `https://app.example` with
    /// `https=on` (1.1), else `site`.
    public var siteURL: RequestURL { settings.https ? Self.secureSite : Self.site }
    /// `site` over https, built once (the initialiser lower-cases the host, and the request
    /// path asks for the URL on every request).
    static let secureSite = RequestURL(secure: true, host: "app.example")

    /// `siteURL` with `path`.
    func siteURL(path: String) -> RequestURL {
        var url = siteURL
        url.path = path
        return url
    }
    /// The wall-clock date the virtual clock starts at (2026-01-01T00:00:00Z), used for
    /// cookie `Expires` and JWT `iat`/`exp`; fixed so runs are reproducible. The `epoch`
    /// setting moves it (live mode starts at the real time the cluster was built).
    public static let epochUnixSeconds: Int64 = 1_767_225_600
    /// The password of accounts made by `crowd ... login=on` and of the default accounts.
    public static let defaultPassword = "secret"

    public internal(set) var settings: ClusterSettings
    public internal(set) var clock = Instant.zero
    var random: SplitMix64
    public internal(set) var browsers: [Browser] = []
    var browserIndex = NameTable()
    /// When the browsers' persistent cookies expire, for `advance`.
    var cookieExpiries = CookieExpiryQueue()
    public internal(set) var servers: [Server]
    public internal(set) var balancer: Balancer
    public internal(set) var accounts: [String: String] = [:]
    /// Whether the servers can reach the shared store (`store down` / `store up`).
    public internal(set) var storeIsUp = true
    /// Where sessions live: the cluster's `store` kind (see `SessionStore`).
    public internal(set) var store: any SessionStore
    /// `store.placement`, kept beside it: asked on every request, and a stored value costs
    /// no call through the existential.
    public private(set) var storePlacement: StorePlacement
    /// The store again when it is `local`, the default and the kind a million-session crowd
    /// runs on: the request path calls it directly instead of through the existential (a
    /// witness call and an opened existential per operation cost about a tenth of the
    /// simulated request rate). It holds only its rules, so the copy costs nothing.
    var localFastPath: LocalStore?
    public internal(set) var tokens: TokenService
    /// `revocation=denylist`: the revoked token ids each server holds (index K-1), in its memory.
    public internal(set) var denylists: [Set<String>]
    /// Guests made by `crowd` so far; numbering starts again after `cluster`.
    public internal(set) var guestCount = 0
    let storeFactory: StoreFactory

    /// While a pinned command runs (`... via=server-K`): the server its request goes to
    /// (the inner nil: `via=none`); nil otherwise.
    var pin: Int??

    /// Events of the command being applied; not appended to while `quiet`.
    var log: [Event] = []
    var quiet = false
    /// While quiet, the net change of sessions held at each location (for the crowd's event).
    var quietTally: [SessionLocation: Int] = [:]
    /// While quiet, the requests answered 503 because the store failed, and the first cause.
    var quietRefusals = 0
    var quietRefusalCause: String?

    /// A world with the default accounts, built with `settings`.
    public init(
        settings: ClusterSettings = ClusterSettings(),
        storeFactory: @escaping StoreFactory = inMemoryStore
    ) throws(WorldError) {
        self.settings = settings
        self.storeFactory = storeFactory
        self.random = SplitMix64(seed: settings.seed)
        self.servers = (1...settings.servers).map(Server.init(number:))
        self.balancer = Balancer(policy: settings.balancer)
        self.tokens = TokenService(seed: settings.seed)
        self.denylists = Array(repeating: [], count: settings.servers)
        let store = try Self.makeStore(settings, storeFactory)
        self.store = store
        self.storePlacement = store.placement
        self.localFastPath = store as? LocalStore
        for name in ["alice", "bob", "carol"] { accounts[name] = Self.defaultPassword }
    }

    private static func makeStore(_ settings: ClusterSettings, _ factory: StoreFactory) throws(WorldError)
        -> any SessionStore
    {
        // A new store always has a key space of its own, so it starts empty without a
        // round trip: a store that cannot be reached yet fails on the first request, as
        // a store outage does, instead of here.
        do {
            return try factory(settings)
        } catch let error as WorldError {
            throw error
        } catch {
            throw WorldError("store=\(settings.store.rawValue): \(error)")
        }
    }

    /// Carries out one command and returns what happened. Throws only when a `cluster`
    /// cannot get its store; the world is then unchanged.
    public mutating func apply(_ command: Command) throws(WorldError) -> [Event] {
        var events: [Event] = []
        // One request makes about eight events: one allocation instead of four.
        events.reserveCapacity(12)
        try apply(command, into: &events)
        return events
    }

    /// Carries out one command and appends what happened to `events`. For a driver that
    /// handles each command's events and then lets them go, as a load generator or a
    /// benchmark does: one buffer serves every command instead of a new array each time.
    public mutating func apply(_ command: Command, into events: inout [Event]) throws(WorldError) {
        // `emit` appends to `log`; the caller's buffer stands in for it meanwhile.
        swap(&log, &events)
        defer { swap(&log, &events) }
        try perform(command)
    }

    private mutating func perform(_ command: Command) throws(WorldError) {
        switch command {
        case .cluster(let newSettings): try rebuild(newSettings)
        case .addUser(let name, let password):
            accounts[name] = password
            emit(.accountAdded(user: name))
        case .openBrowser(let name, let ip): openBrowser(name, ip: ip)
        case .crowd(let count, let login): try crowd(count, login: login)
        case .request(let browser, let method, let path, let form):
            send(from: browser, HTTPRequest(method: method, path: path, form: form))
        case .login(let browser, let user, let password, let remember):
            var form = [FormField("user", user), FormField("password", password ?? accounts[user] ?? "")]
            if remember { form.append(FormField("remember", "on")) }
            send(from: browser, HTTPRequest(method: .post, path: "/login", form: form))
        case .logout(let browser): send(from: browser, HTTPRequest(method: .post, path: "/logout"))
        case .sendRecorded(let browser, let method, let path, let cookie, let form):
            sendRecorded(from: browser, HTTPRequest(method: method, path: path, cookieHeader: cookie, form: form))
        case .close(let browser): close(browser)
        case .clear(let browser): clear(browser)
        case .steal(let thief, let victim, let via): steal(thief: thief, victim: victim, via: via)
        case .crossSiteRequest(let browser, let method, let path, let form, let site):
            send(from: browser, HTTPRequest(method: method, path: path, form: form), fromSite: site)
        case .crowdBots(let count, let requests): try crowdBots(count, requests: requests)
        case .tamper(let browser, let change): tamper(browser, change)
        case .together(let commands): together(commands)
        case .killServer(let k): kill(server: k)
        case .startServer(let k): start(server: k)
        case .storeDown: setStore(up: false)
        case .storeUp: setStore(up: true)
        case .storeRestart: try restartStore()
        case .storeLag(let on): setStoreLag(on)
        case .storeFailover: failStoreOver()
        case .advance(let span): advance(by: span)
        case .pinned(let inner, let server):
            pin = .some(server)
            defer { pin = nil }
            try perform(inner)
        }
    }

    /// `cluster`: browsers, clock and stores start empty; accounts are kept.
    private mutating func rebuild(_ newSettings: ClusterSettings) throws(WorldError) {
        let newStore = try Self.makeStore(newSettings, storeFactory)
        // The old store's part is over: a real one deletes its run's sessions.
        store.shutdown()
        store = newStore
        storePlacement = newStore.placement
        localFastPath = newStore as? LocalStore
        settings = newSettings
        clock = .zero
        random = SplitMix64(seed: newSettings.seed)
        browsers = []
        browserIndex = NameTable()
        cookieExpiries = CookieExpiryQueue()
        servers = (1...newSettings.servers).map(Server.init(number:))
        balancer = Balancer(policy: newSettings.balancer)
        tokens = TokenService(seed: newSettings.seed)
        denylists = Array(repeating: [], count: newSettings.servers)
        storeIsUp = true
        guestCount = 0
        emit(.clusterBuilt(newSettings))
    }

    /// Records an event of the command being applied (not while `quiet`, as in a crowd).
    mutating func emit(_ event: consuming Event) {
        // Consumed, so that the event moves into the log instead of being copied (a retain
        // and a release of its strings, for every event of every request).
        guard quiet else { return log.append(event) }
        switch event {
        case .sessionCreated(_, let at): quietTally[at, default: 0] += 1
        case .sessionDestroyed(_, let at), .sessionExpired(_, _, let at): quietTally[at, default: 0] -= 1
        case .requestRejected(_, .storeUnavailable(let cause)):
            quietRefusals += 1
            if quietRefusalCause == nil { quietRefusalCause = cause }
        default: break
        }
    }

    /// The virtual clock as Unix milliseconds (for cookies) and seconds (for tokens).
    public var unixMilliseconds: Int64 { settings.epoch * 1000 + clock.milliseconds }
    public var unixSeconds: Int64 { unixMilliseconds / 1000 }

    /// The position in `browsers` of the browser of that name.
    public func browserIndex(named name: String) -> Int? { browserIndex.number(of: name) }

    /// The browser of that name, if it has been opened since the cluster was built.
    public func browser(named name: String) -> Browser? { browserIndex.number(of: name).map { browsers[$0] } }

    /// Server K (1-based), if the cluster has it.
    public func server(_ k: Int) -> Server? { k >= 1 && k <= servers.count ? servers[k - 1] : nil }

    mutating func updateBrowser(_ name: String, _ change: (inout Browser) -> Void) {
        guard let index = browserIndex.number(of: name) else { return }
        change(&browsers[index])
    }

    mutating func updateServer(_ k: Int, _ change: (inout Server) -> Void) {
        change(&servers[k - 1])
    }
}
