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

/// Whether the private Redis keeps its data across a restart (`persistence`; 1.1, store=redis).
public enum RedisPersistence: String, CaseIterable, Sendable {
    /// No snapshots and no append-only file: a restart comes back empty.
    case off
    /// The append-only file (`appendonly yes`): a restart reads every write back.
    case aof
}

/// What Redis does when a write would pass `maxmemory` (`eviction`; 1.1, store=redis): Redis's
/// own `maxmemory-policy` names.
public enum EvictionPolicy: String, CaseIterable, Sendable {
    /// The write is refused (`OOM command not allowed ...`).
    case noeviction
    case allkeysLRU = "allkeys-lru"
    case volatileLRU = "volatile-lru"
    case allkeysRandom = "allkeys-random"
    case volatileTTL = "volatile-ttl"
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
    /// 1.1, store=redis: whether the private Redis keeps its data across `store restart`.
    public var persistence = RedisPersistence.off
    /// 1.1, store=redis: the private Redis's `maxmemory` in bytes; nil is `off`.
    public var maxMemory: Int?
    /// 1.1, store=redis: the private Redis's `maxmemory-policy`.
    public var eviction = EvictionPolicy.noeviction
    /// 1.1, store=redis: real replica processes of the private Redis (0 to `maxReplicas`).
    public var replicas = 0
    /// 1.1, store=redis with replicas: three real redis-sentinel processes watch the primary.
    public var sentinel = false
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
        "lock", "persistence", "maxmemory", "eviction", "replicas", "sentinel", "epoch",
    ]

    /// The keys that configure the private Redis (1.1): they mean something only with
    /// store=redis, and only for a Redis sessionscope started itself.
    public static let redisKeys = ["persistence", "maxmemory", "eviction"]

    /// Whether any key of `redisKeys` differs from its default: the Redis must be ours.
    public var configuresRedis: Bool { persistence != .off || maxMemory != nil || eviction != .noeviction }

    /// The most servers a cluster may have.
    public static let maxServers = 16
    /// The most replicas a Redis store may have.
    public static let maxReplicas = 2

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
        case "persistence": persistence = try Self.choice(key, value, RedisPersistence.self)
        case "maxmemory":
            guard value == "off" || Self.byteSize(value) != nil else {
                throw SettingError(
                    "maxmemory is a size such as 2mb or 512kb (units b, kb, mb, gb; at most 64gb), or off, "
                        + "not '\(value)'")
            }
            maxMemory = value == "off" ? nil : Self.byteSize(value)
        case "eviction": eviction = try Self.choice(key, value, EvictionPolicy.self)
        case "replicas":
            guard let n = Int(value), (0...Self.maxReplicas).contains(n) else {
                throw SettingError("replicas is a number from 0 to \(Self.maxReplicas), not '\(value)'")
            }
            replicas = n
        case "sentinel": sentinel = try toggle()
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

    /// The largest `maxmemory`: 64gb.
    public static let maxByteSize = 64 << 30

    /// `2mb`, `512kb`, `4096b`, `1gb` (a unit, as Redis reads them: powers of 1024) in bytes;
    /// nil when it is not one or is 0 or above `maxByteSize`.
    public static func byteSize(_ text: String) -> Int? {
        let units: [(String, Int)] = [("kb", 1 << 10), ("mb", 1 << 20), ("gb", 1 << 30), ("b", 1)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            let digits = text.dropLast(unit.count)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
                let n = Int(digits), n > 0, n <= maxByteSize / factor
            else { return nil }
            return n * factor
        }
        return nil
    }

    /// A byte count in the largest unit that divides it: `2mb`, `512kb`, `1000b`.
    public static func byteSizeText(_ bytes: Int) -> String {
        for (unit, factor) in [("gb", 1 << 30), ("mb", 1 << 20), ("kb", 1 << 10)] where bytes % factor == 0 {
            return "\(bytes / factor)\(unit)"
        }
        return "\(bytes)b"
    }

    /// An RFC 6265 cookie-name token: visible ASCII without separators.
    static func isCookieName(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { byte in
                byte > 0x20 && byte < 0x7F && !"()<>@,;:\\\"/[]?={}".utf8.contains(byte)
            }
    }

    /// The Redis keys (1.1) that differ from their defaults, as `key=value` words.
    public var redisWords: [String] {
        var words: [String] = []
        if persistence != .off { words.append("persistence=\(persistence.rawValue)") }
        if let maxMemory { words.append("maxmemory=\(Self.byteSizeText(maxMemory))") }
        if eviction != .noeviction { words.append("eviction=\(eviction.rawValue)") }
        return words
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
        parts += redisWords
        if replicas != 0 { parts.append("replicas=\(replicas)") }
        if sentinel { parts.append("sentinel=on") }
        if epoch != World.epochUnixSeconds { parts.append("epoch=\(epochText)") }
        return parts.joined(separator: " ")
    }

    /// What is wrong with `replicas` and `sentinel` together with the other keys (they need
    /// store=redis, and Sentinel needs a replica to promote), or nil; and the key to blame.
    public var replicationProblem: (key: String, message: String)? {
        if replicas > 0, store != .redis {
            return ("replicas", "replicas=\(replicas) needs store=redis (replicas are real redis-server processes)")
        }
        if sentinel, store != .redis {
            return ("sentinel", "sentinel=on needs store=redis (Sentinel watches a real Redis primary)")
        }
        if sentinel, replicas == 0 {
            return ("sentinel", "sentinel=on needs replicas=1 or more: Sentinel promotes a replica")
        }
        return nil
    }
}

/// A wrong `cluster` setting, with a message that names what is allowed.
public struct SettingError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
