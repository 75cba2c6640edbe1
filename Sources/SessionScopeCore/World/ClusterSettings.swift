/// How sessions are kept: the `store` setting of `cluster`.
public enum StoreKind: String, CaseIterable, Sendable {
    case local, replicated, sqlite, redis, jwt

    /// Whether sessions live in one store that every server shares.
    public var isShared: Bool { self == .sqlite || self == .redis }
}

/// How the load balancer picks a server: the `balancer` setting of `cluster`.
public enum BalancerPolicy: String, CaseIterable, Sendable {
    case roundRobin = "round-robin"
    case random
    case ipHash = "ip-hash"
    case stickyCookie = "sticky-cookie"
    case leastSessions = "least-sessions"
}

/// The `SameSite` attribute the application gives its session and token cookies
/// (`samesite` setting; 1.1). `off` sends no attribute.
public enum SameSiteSetting: String, CaseIterable, Sendable {
    case off, lax, strict, none
}

/// When the session application creates a session (`create` setting; 1.1).
public enum SessionCreation: String, CaseIterable, Sendable {
    /// Every request without a valid session gets one (express-session's default).
    case always
    /// Only a successful login creates one (`saveUninitialized: false`).
    case login
}

/// How a request writes its session back (`save` setting; 1.1).
public enum SaveMode: String, CaseIterable, Sendable {
    /// The whole session, replacing what is stored (express-session, connect-redis).
    case whole
    /// Only the attributes it changed, each whole, and its access time (Spring Session).
    case delta
}

/// What logout does to a JWT (`revocation` setting; 1.1).
public enum TokenRevocation: String, CaseIterable, Sendable {
    /// Nothing: the token stays valid until `exp`.
    case off
    /// The token's `jti` goes on a denylist every server holds.
    case denylist
}

/// The settings of one cluster, with the scenario language's defaults.
public struct ClusterSettings: Equatable, Sendable {
    public var servers = 2
    public var balancer = BalancerPolicy.roundRobin
    public var store = StoreKind.local
    public var timeout = TimeSpan.minutes(30)
    /// nil is `absolute=off`.
    public var absolute: TimeSpan?
    public var regenerate = true
    public var cookieName = "SID"
    public var remember = TimeSpan.days(14)
    public var sweep = TimeSpan.minutes(1)
    public var seed: UInt64 = 1
    /// 1.1: the site is `https://app.example`.
    public var https = false
    /// 1.1: the session and token cookies get `Secure`.
    public var secure = false
    /// 1.1: their `SameSite` attribute.
    public var sameSite = SameSiteSetting.off
    /// 1.1: which requests create a session.
    public var create = SessionCreation.always
    /// 1.1: what logout does to a token (`jwt`).
    public var revocation = TokenRevocation.off
    /// 1.1: how a request writes its session back.
    public var save = SaveMode.whole
    /// 1.1: whether a request of `together` waits for another that holds its session.
    public var lock = false
    /// Extension (live mode): the wall-clock date the clock starts at, as Unix seconds, for
    /// cookie `Expires` and JWT `iat`/`exp`. The simulation's is 2026-01-01T00:00:00Z; a live
    /// cluster's is the real time it was built, written to its recording so `check` replays it.
    public var epoch = World.epochUnixSeconds

    public init() {}

    /// `epoch` as the setting writes it (`2026-01-01T00:00:00Z`).
    public var epochText: String { CivilTime(unixSeconds: epoch).iso8601 }

    /// The expiry settings, as the stores need them.
    public var expiryRules: ExpiryRules { ExpiryRules(timeout: timeout, absolute: absolute, sweep: sweep) }

    /// The keys `cluster` accepts, in the order the contract lists them.
    public static let keys = [
        "servers", "balancer", "store", "timeout", "absolute", "regenerate",
        "cookie", "remember", "sweep", "seed", "https", "secure", "samesite", "create", "revocation", "save",
        "lock", "epoch",
    ]

    /// The most servers a cluster may have.
    public static let maxServers = 16

    /// Sets one `key=value`; throws a message fit for a diagnostic when either is wrong.
    public mutating func set(_ key: String, _ value: String) throws(SettingError) {
        func duration() throws(SettingError) -> TimeSpan {
            guard let span = TimeSpan(parsing: value), span.milliseconds > 0 else {
                throw SettingError("\(key) needs a positive duration such as 30m or 1h30m, not '\(value)'")
            }
            return span
        }
        func toggle() throws(SettingError) -> Bool {
            switch value {
            case "on": return true
            case "off": return false
            default: throw SettingError("\(key) is 'on' or 'off', not '\(value)'")
            }
        }
        switch key {
        case "servers":
            guard let n = Int(value), (1...Self.maxServers).contains(n) else {
                throw SettingError("servers is a number from 1 to \(Self.maxServers), not '\(value)'")
            }
            servers = n
        case "balancer":
            guard let policy = BalancerPolicy(rawValue: value) else {
                throw SettingError(
                    "balancer is one of \(BalancerPolicy.allCases.map(\.rawValue).joined(separator: ", ")), not "
                        + "'\(value)'"
                )
            }
            balancer = policy
        case "store":
            guard let kind = StoreKind(rawValue: value) else {
                throw SettingError(
                    "store is one of \(StoreKind.allCases.map(\.rawValue).joined(separator: ", ")), not '\(value)'")
            }
            store = kind
        case "timeout": timeout = try duration()
        case "absolute": absolute = value == "off" ? nil : try duration()
        case "regenerate": regenerate = try toggle()
        case "cookie":
            guard Self.isCookieName(value) else {
                throw SettingError("cookie needs a cookie name such as SID, not '\(value)'")
            }
            guard value != Balancer.cookieName, value != TokenService.cookieName else {
                throw SettingError(
                    "cookie '\(value)' is taken by the \(value == Balancer.cookieName ? "balancer" : "jwt store")")
            }
            cookieName = value
        case "remember": remember = try duration()
        case "sweep": sweep = try duration()
        case "seed":
            guard let seed = UInt64(value) else {
                throw SettingError("seed is a whole number from 0 to \(UInt64.max), not '\(value)'")
            }
            self.seed = seed
        case "https": https = try toggle()
        case "secure": secure = try toggle()
        case "samesite": sameSite = try Self.choice(key, value, SameSiteSetting.self)
        case "create": create = try Self.choice(key, value, SessionCreation.self)
        case "revocation": revocation = try Self.choice(key, value, TokenRevocation.self)
        case "save": save = try Self.choice(key, value, SaveMode.self)
        case "lock": lock = try toggle()
        case "epoch":
            guard let date = CivilTime(iso8601: value) else {
                throw SettingError("epoch is a UTC date and time such as 2026-01-01T00:00:00Z, not '\(value)'")
            }
            epoch = date.unixSeconds
        default:
            throw SettingError("unknown cluster setting '\(key)' (known: \(Self.keys.joined(separator: ", ")))")
        }
    }

    /// One of an enum's raw values, or a message listing them.
    private static func choice<Value: RawRepresentable & CaseIterable>(
        _ key: String, _ value: String, _: Value.Type
    ) throws(SettingError) -> Value where Value.RawValue == String {
        guard let choice = Value(rawValue: value) else {
            let known = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw SettingError("\(key) is one of \(known), not '\(value)'")
        }
        return choice
    }

    /// An RFC 6265 cookie-name token: visible ASCII without separators.
    static func isCookieName(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { byte in
                byte > 0x20 && byte < 0x7F && !"()<>@,;:\\\"/[]?={}".utf8.contains(byte)
            }
    }

    /// The settings as `key=value` words, only those that differ from the defaults.
    public var summary: String {
        var parts = [
            "servers=\(servers)", "balancer=\(balancer.rawValue)", "store=\(store.rawValue)",
            "timeout=\(timeout)",
        ]
        if let absolute { parts.append("absolute=\(absolute)") }
        if !regenerate { parts.append("regenerate=off") }
        if cookieName != "SID" { parts.append("cookie=\(cookieName)") }
        if remember != .days(14) { parts.append("remember=\(remember)") }
        if sweep != .minutes(1) { parts.append("sweep=\(sweep)") }
        if seed != 1 { parts.append("seed=\(seed)") }
        if https { parts.append("https=on") }
        if secure { parts.append("secure=on") }
        if sameSite != .off { parts.append("samesite=\(sameSite.rawValue)") }
        if create != .always { parts.append("create=\(create.rawValue)") }
        if revocation != .off { parts.append("revocation=\(revocation.rawValue)") }
        if save != .whole { parts.append("save=\(save.rawValue)") }
        if lock { parts.append("lock=on") }
        if epoch != World.epochUnixSeconds { parts.append("epoch=\(epochText)") }
        return parts.joined(separator: " ")
    }
}

/// A wrong `cluster` setting, with a message that names what is allowed.
public struct SettingError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
