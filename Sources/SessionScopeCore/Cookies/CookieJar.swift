/// A browser's cookie store, following RFC 6265: storage (section 5.3) and the `Cookie`
/// header (section 5.4), and RFC 6265bis for `Secure` and `SameSite`: a `Secure` cookie set
/// over http and a `SameSite=None` cookie without `Secure` are rejected, and a cross-site
/// request withholds `Strict` (and, unless it is a `GET`, `Lax`) cookies. Time is passed in
/// as Unix milliseconds; the jar never reads a clock.
public struct CookieJar: Sendable {
    /// The cookies, in insertion order (replacement keeps a cookie's place). The last
    /// access of the cookies the cached header sends is kept in `lastHeader` until
    /// `settle()` writes it here: every method that changes or reads cookies here calls
    /// `settle()` first, which also forgets the cache.
    private var stored: [Cookie] = []
    private var nextSequence = 0
    /// The last `Cookie` header built, reused while nothing that decides it has changed.
    private var lastHeader: CachedHeader?

    /// The stored cookies, in insertion order (replacement keeps a cookie's place).
    public var cookies: [Cookie] {
        guard let cache = lastHeader else { return stored }
        var cookies = stored
        for index in cache.sent { cookies[index].lastAccess = cache.lastSent }
        return cookies
    }

    /// Writes the pending access time into the cookies and forgets the cached header.
    private mutating func settle() {
        guard let cache = lastHeader.take() else { return }
        for index in cache.sent { stored[index].lastAccess = cache.lastSent }
    }

    /// The most a cookie's name and value may hold together (RFC 6265 section 6.1 asks
    /// for at least 4096 bytes; browsers stop there).
    public static let maxCookieBytes = 4096
    /// The most cookies kept for one domain (section 6.1: at least 50).
    public static let maxCookiesPerDomain = 50
    /// The most cookies in the jar (section 6.1: at least 3000).
    public static let maxCookies = 3000

    public init() {}

    /// What became of one `Set-Cookie` header.
    public enum Outcome: Equatable, Sendable {
        /// Stored, possibly replacing a cookie of the same name, domain and path.
        case stored(Cookie, replaced: Cookie?)
        /// An expiry in the past: the cookie of that name, domain and path (if any) was deleted.
        case deleted(name: String, removed: Cookie?)
        /// Ignored entirely, with the reason.
        case ignored(Rejection)
    }

    /// Why a `Set-Cookie` header was not stored, named as Chrome's DevTools names it.
    public struct Rejection: Equatable, Sendable, CustomStringConvertible {
        public enum Reason: String, Equatable, Sendable {
            case syntaxError = "SyntaxError"
            case nameValuePairExceedsMaxSize = "NameValuePairExceedsMaxSize"
            case invalidDomain = "InvalidDomain"
            case secureOnly = "SecureOnly"
            case sameSiteNoneInsecure = "SameSiteNoneInsecure"
        }

        public var reason: Reason
        /// The particulars, in words.
        public var detail: String

        public init(_ reason: Reason, _ detail: String) {
            self.reason = reason
            self.detail = detail
        }

        /// `SecureOnly: Secure cookie set over http`.
        public var description: String { "\(reason.rawValue): \(detail)" }
    }

    /// Receives one `Set-Cookie` header from a response to `url` at `now`.
    @discardableResult
    public mutating func receive(_ header: String, from url: RequestURL, now: Int64) -> Outcome {
        guard let parsed = SetCookie(parsing: header, requestPath: url.path) else {
            return .ignored(Rejection(.syntaxError, "not a name=value pair"))
        }
        return store(parsed, from: url, now: now)
    }

    /// The storage model of section 5.3 for an already parsed header.
    public mutating func store(_ parsed: SetCookie, from url: RequestURL, now: Int64) -> Outcome {
        settle()
        guard parsed.name.utf8.count + parsed.value.utf8.count <= Self.maxCookieBytes else {
            return .ignored(Rejection(.nameValuePairExceedsMaxSize, "larger than \(Self.maxCookieBytes) bytes"))
        }
        var expiry: Int64?
        var domain = ""
        var path: String?
        var secure = false
        var httpOnly = false
        var maxAge: Int64?
        var sameSite: CookieSameSite?
        for attribute in parsed.attributes {
            switch attribute {
            case .expires(let seconds):
                expiry = seconds.multipliedReportingOverflow(by: 1000).overflow ? Int64.max : seconds * 1000
            case .maxAge(let seconds): maxAge = seconds
            case .domain(let value): domain = value
            case .path(let value): path = value
            case .secure: secure = true
            case .httpOnly: httpOnly = true
            case .sameSite(let value): sameSite = value
            }
        }
        // RFC 6265bis 5.7 steps 8 and 18: a Secure cookie only from a secure origin, and
        // SameSite=None only on a Secure cookie.
        if secure && !url.secure { return .ignored(Rejection(.secureOnly, "Secure cookie set over http")) }
        if sameSite == CookieSameSite.none && !secure {
            return .ignored(Rejection(.sameSiteNoneInsecure, "SameSite=None without Secure"))
        }
        // Max-Age wins over Expires whatever their order.
        if let maxAge {
            if maxAge <= 0 {
                expiry = Int64.min
            } else {
                let (ms, o1) = maxAge.multipliedReportingOverflow(by: 1000)
                let (sum, o2) = now.addingReportingOverflow(ms)
                expiry = o1 || o2 ? Int64.max : sum
            }
        }
        if !domain.isEmpty, PublicSuffix.isPublicSuffix(domain) {
            guard domain == url.host else {
                return .ignored(Rejection(.invalidDomain, "Domain=\(domain) is a public suffix"))
            }
            domain = ""
        }
        let hostOnly: Bool
        if domain.isEmpty {
            hostOnly = true
            domain = url.host
        } else {
            guard Self.domainMatches(url.host, domain: domain, hostIsIP: url.hostIsIPAddress) else {
                return .ignored(Rejection(.invalidDomain, "Domain=\(domain) does not cover \(url.host)"))
            }
            hostOnly = false
        }
        var cookie = Cookie(
            name: parsed.name, value: parsed.value, expiry: expiry, domain: domain,
            path: path ?? Self.defaultPath(of: url.path), creation: now, sequence: nextSequence,
            lastAccess: now, hostOnly: hostOnly, secureOnly: secure, httpOnly: httpOnly, sameSite: sameSite)
        nextSequence += 1

        var replaced: Cookie?
        if let index = stored.firstIndex(where: {
            $0.name == cookie.name && $0.domain == cookie.domain && $0.path == cookie.path
        }) {
            replaced = stored[index]
            cookie.creation = stored[index].creation
            cookie.sequence = stored[index].sequence
            stored.remove(at: index)
        }
        // A cookie that is already expired is evicted at once: that is how servers delete.
        if cookie.isExpired(at: now) {
            return .deleted(name: cookie.name, removed: replaced)
        }
        stored.append(cookie)
        enforceLimits(keeping: cookie)
        return .stored(cookie, replaced: replaced)
    }

    /// Drops the least recently used cookies beyond the per-domain and total limits.
    private mutating func enforceLimits(keeping newest: Cookie) {
        while stored.filter({ $0.domain == newest.domain }).count > Self.maxCookiesPerDomain {
            evictLeastRecentlyUsed(where: { $0.domain == newest.domain && $0 != newest })
        }
        while stored.count > Self.maxCookies {
            evictLeastRecentlyUsed(where: { $0 != newest })
        }
    }

    private mutating func evictLeastRecentlyUsed(where predicate: (Cookie) -> Bool) {
        let victim = stored.indices.filter { predicate(stored[$0]) }
            .min { (stored[$0].lastAccess, stored[$0].sequence) < (stored[$1].lastAccess, stored[$1].sequence) }
        if let victim { stored.remove(at: victim) }
    }

    /// Why a stored cookie was not sent with a request (or not read by a script).
    public enum Withheld: Equatable, Sendable {
        case expired, domain, path, secure
        /// A `Strict` cookie and a request from another site.
        case sameSiteStrict
        /// A `Lax` cookie and a cross-site request that is not a `GET`.
        case sameSiteLax
        /// An `HttpOnly` cookie and a script reading `document.cookie`.
        case httpOnly

        /// The reason as Chrome's DevTools names it.
        public var chromeName: String {
            switch self {
            case .expired: return "Expired"
            case .domain: return "DomainMismatch"
            case .path: return "NotOnPath"
            case .secure: return "SecureOnly"
            case .sameSiteStrict: return "SameSiteStrict"
            case .sameSiteLax: return "SameSiteLax"
            case .httpOnly: return "HttpOnly"
            }
        }
    }

    /// Where a request comes from, for `SameSite`: a page of another site, and whether it
    /// is a `GET` (a link) or another method (a form). Both are top-level navigations.
    public struct CrossSite: Equatable, Sendable {
        public var site: String
        public var isGet: Bool
        public init(site: String, isGet: Bool) {
            self.site = site
            self.isGet = isGet
        }
    }

    /// The cookies to send with a request for `url` at `now`, ordered as section 5.4 says
    /// (longer paths first, then earlier creation), and those withheld with the reason.
    /// Sending updates each sent cookie's last-access time.
    public mutating func select(for url: RequestURL, now: Int64, crossSite: CrossSite? = nil) -> (
        sent: [Cookie], withheld: [(Cookie, Withheld)]
    ) {
        settle()
        let (sent, withheld) = selectIndices(for: url, now: now, crossSite: crossSite)
        return (sent.map { stored[$0] }, withheld.map { (stored[$0.0], $0.1) })
    }

    /// Section 5.4's choice as indices into the cookies, in sending order; marks the sent
    /// cookies as accessed.
    private mutating func selectIndices(for url: RequestURL, now: Int64, crossSite: CrossSite? = nil) -> (
        sent: [Int], withheld: [(Int, Withheld)]
    ) {
        var sent: [Int] = []
        var withheld: [(Int, Withheld)] = []
        for (index, cookie) in stored.enumerated() {
            if cookie.isExpired(at: now) {
                withheld.append((index, .expired))
            } else if cookie.hostOnly
                ? url.host != cookie.domain
                : !Self.domainMatches(url.host, domain: cookie.domain, hostIsIP: url.hostIsIPAddress)
            {
                withheld.append((index, .domain))
            } else if !Self.pathMatches(url.path, cookiePath: cookie.path) {
                withheld.append((index, .path))
            } else if cookie.secureOnly && !url.secure {
                withheld.append((index, .secure))
            } else if crossSite != nil, cookie.sameSite == .strict {
                withheld.append((index, .sameSiteStrict))
            } else if let crossSite, cookie.sameSite == .lax, !crossSite.isGet {
                withheld.append((index, .sameSiteLax))
            } else {
                sent.append(index)
            }
        }
        if sent.count > 1 {
            sent.sort { a, b in
                let (x, y) = (stored[a], stored[b])
                if x.path.utf8.count != y.path.utf8.count { return x.path.utf8.count > y.path.utf8.count }
                return (x.creation, x.sequence) < (y.creation, y.sequence)
            }
        }
        for index in sent { stored[index].lastAccess = now }
        return (sent, withheld)
    }

    /// The `Cookie` header for a request (nil when none would be sent), and the names of the
    /// cookies withheld with the reason. This runs on every simulated request, and a jar
    /// usually sends the same header many times over: the result is kept and reused for the
    /// same URL until a cookie changes or the clock reaches a cookie's expiry.
    public mutating func header(for url: RequestURL, now: Int64, crossSite: CrossSite? = nil) -> (
        header: String?, withheld: [(name: String, why: Withheld)]
    ) {
        if let crossSite, !Self.sameSite(url.host, crossSite.site) {
            // Rare (a scenario's `from=`): built afresh, and the same-site cache left alone.
            settle()
            let (sent, withheld) = selectIndices(for: url, now: now, crossSite: crossSite)
            let text = sent.map { stored[$0].name + "=" + stored[$0].value }.joined(separator: "; ")
            return (sent.isEmpty ? nil : text, withheld.map { (name: stored[$0.0].name, why: $0.1) })
        }
        if lastHeader?.answers(url, now: now) == true {
            // Sending counts as access (the eviction order uses it); the time is kept with
            // the cache and written into the cookies when the cache goes (`settle`).
            lastHeader!.lastSent = now
            return (lastHeader!.header, lastHeader!.withheld)
        }
        settle()
        let (sent, withheld) = selectIndices(for: url, now: now)
        let names = withheld.map { (name: stored[$0.0].name, why: $0.1) }
        var header: String?
        if !sent.isEmpty {
            var text = ""
            text.reserveCapacity(sent.reduce(0) { $0 + stored[$1].name.utf8.count + stored[$1].value.utf8.count + 3 })
            for (position, index) in sent.enumerated() {
                if position > 0 { text += "; " }
                text += stored[index].name
                text += "="
                text += stored[index].value
            }
            header = text
        }
        // Until the first expiry still ahead, the same URL gets the same answer.
        let changesAt = stored.lazy.compactMap(\.expiry).filter { $0 > now }.min() ?? Int64.max
        lastHeader = CachedHeader(
            secure: url.secure, host: url.host, path: url.path, from: now, until: changesAt,
            sent: sent, lastSent: now, header: header, withheld: names)
        return (header, names)
    }

    /// The `Cookie` header value for a request, or nil when no cookie would be sent.
    public mutating func cookieHeader(for url: RequestURL, now: Int64) -> String? {
        header(for: url, now: now).header
    }

    /// Removes every cookie expired at `now` and returns them, oldest expiry first.
    public mutating func evictExpired(now: Int64) -> [Cookie] {
        settle()
        let expired = stored.filter { $0.isExpired(at: now) }
        stored.removeAll { $0.isExpired(at: now) }
        return expired.sorted { ($0.expiry ?? 0, $0.sequence) < ($1.expiry ?? 0, $1.sequence) }
    }

    /// The browser closes: session cookies are gone (section 5.3 step 11's "session").
    public mutating func dropSessionCookies() -> [Cookie] {
        settle()
        let dropped = stored.filter { !$0.isPersistent }
        stored.removeAll { !$0.isPersistent }
        return dropped
    }

    /// Deletes every cookie.
    public mutating func removeAll() -> [Cookie] {
        settle()
        defer { stored.removeAll() }
        return stored
    }

    /// Puts a copied cookie into the jar as if it had been stored here (used for theft).
    public mutating func insertCopy(_ cookie: Cookie) {
        settle()
        var copy = cookie
        copy.sequence = nextSequence
        nextSequence += 1
        stored.removeAll { $0.name == copy.name && $0.domain == copy.domain && $0.path == copy.path }
        stored.append(copy)
    }

    // MARK: - Matching rules

    /// Whether two hosts are the same site (RFC 6265bis: the same registrable domain, here
    /// the public suffix and one label more).
    public static func sameSite(_ a: String, _ b: String) -> Bool {
        registrableDomain(a.lowercased()) == registrableDomain(b.lowercased())
    }

    static func registrableDomain(_ host: String) -> String {
        let labels = host.split(separator: ".")
        guard labels.count > 1 else { return host }
        for start in labels.indices {
            let suffix = labels[start...].joined(separator: ".")
            if start > 0, PublicSuffix.isPublicSuffix(suffix) { return labels[(start - 1)...].joined(separator: ".") }
        }
        return host
    }

    /// Domain matching (section 5.1.3).
    public static func domainMatches(_ host: String, domain: String, hostIsIP: Bool) -> Bool {
        if host == domain { return true }
        guard !hostIsIP, host.hasSuffix(domain) else { return false }
        let boundary = host.utf8.index(
            host.utf8.endIndex, offsetBy: -domain.utf8.count - 1, limitedBy: host.utf8.startIndex)
        guard let boundary else { return false }
        return host.utf8[boundary] == UInt8(ascii: ".")
    }

    /// Path matching (section 5.1.4).
    public static func pathMatches(_ requestPath: String, cookiePath: String) -> Bool {
        // Most cookies have Path=/, which every request path (absolute) matches.
        if cookiePath == "/" && requestPath.utf8.first == UInt8(ascii: "/") { return true }
        if requestPath == cookiePath { return true }
        guard requestPath.hasPrefix(cookiePath) else { return false }
        if cookiePath.hasSuffix("/") { return true }
        let next = requestPath.utf8[
            requestPath.utf8.index(requestPath.utf8.startIndex, offsetBy: cookiePath.utf8.count)]
        return next == UInt8(ascii: "/")
    }

    /// The default path of a request path (section 5.1.4).
    public static func defaultPath(of requestPath: String) -> String {
        guard requestPath.hasPrefix("/"), let last = requestPath.lastIndex(of: "/"), last != requestPath.startIndex
        else {
            return "/"
        }
        return String(requestPath[..<last])
    }
}

extension CookieJar {
    /// What `sessionscope cookies` does: a new jar receives `headers` in order in responses
    /// to `from`, then says which `Cookie` header it would send to `to` (nil: none).
    public static func cookieHeader(receiving headers: [String], from: RequestURL, to: RequestURL, now: Int64)
        -> String?
    {
        var jar = CookieJar()
        for header in headers { jar.receive(header, from: from, now: now) }
        return jar.cookieHeader(for: to, now: now)
    }
}

extension CookieJar: Equatable {
    /// The same cookies; the cached header is not part of a jar's state.
    public static func == (lhs: CookieJar, rhs: CookieJar) -> Bool {
        lhs.cookies == rhs.cookies && lhs.nextSequence == rhs.nextSequence
    }
}

/// A `Cookie` header the jar has built, with what it depended on: the URL's scheme, host
/// and path, and the span of time in which no stored cookie expires.
private struct CachedHeader: Sendable {
    var secure: Bool
    var host: String
    var path: String
    /// Valid from this instant (the clock of a run never goes back, but a caller's may)
    /// up to, not including, the first expiry after it.
    var from: Int64
    var until: Int64
    var sent: [Int]
    /// When the cookies in `sent` were last sent (not yet written into them).
    var lastSent: Int64
    var header: String?
    var withheld: [(name: String, why: CookieJar.Withheld)]

    func answers(_ url: RequestURL, now: Int64) -> Bool {
        now >= from && now < until && url.secure == secure && url.path == path && url.host == host
    }
}

/// What `sessionscope cookies --explain` reports: what became of each `Set-Cookie` header,
/// and which stored cookies a request withholds, and why.
public struct CookieExplanation: Equatable, Sendable {
    /// Each header with what the jar did with it, in the order received.
    public var received: [(header: String, outcome: CookieJar.Outcome)]
    /// The cookies withheld from the request, each with the reason.
    public var withheld: [(cookie: Cookie, why: CookieJar.Withheld)]
    /// The `Cookie` header sent, or nil when none.
    public var header: String?

    public static func == (lhs: CookieExplanation, rhs: CookieExplanation) -> Bool {
        lhs.received.map(\.header) == rhs.received.map(\.header)
            && lhs.received.map(\.outcome) == rhs.received.map(\.outcome)
            && lhs.withheld.map(\.cookie) == rhs.withheld.map(\.cookie)
            && lhs.withheld.map(\.why) == rhs.withheld.map(\.why) && lhs.header == rhs.header
    }

    /// A new jar receives `headers` in responses to `from`, then a request for `to` (from a
    /// page of `fromSite`, with `method`, when given) is prepared.
    public init(
        receiving headers: [String], from: RequestURL, to: RequestURL, now: Int64, fromSite: String? = nil,
        isGet: Bool = true
    ) {
        var jar = CookieJar()
        received = headers.map { ($0, jar.receive($0, from: from, now: now)) }
        let crossSite = fromSite.flatMap {
            CookieJar.sameSite(to.host, $0) ? nil : CookieJar.CrossSite(site: $0, isGet: isGet)
        }
        let (sent, withheld) = jar.select(for: to, now: now, crossSite: crossSite)
        self.withheld = withheld.map { (cookie: $0.0, why: $0.1) }
        header = sent.isEmpty ? nil : sent.map { $0.name + "=" + $0.value }.joined(separator: "; ")
    }

    /// The report as lines: one per header (`stored`, `deleted` or `rejected` with the
    /// reason as Chrome's DevTools names it), one per withheld cookie, then the `Cookie` line.
    public var lines: [String] {
        var lines: [String] = []
        for (header, outcome) in received {
            switch outcome {
            case .stored(let cookie, let replaced):
                var traits = [cookie.expiry == nil ? "session cookie" : "persistent"]
                if cookie.secureOnly { traits.append("Secure") }
                if cookie.httpOnly { traits.append("HttpOnly") }
                if let sameSite = cookie.sameSite { traits.append("SameSite=\(sameSite.rawValue)") }
                lines.append(
                    "Set-Cookie: \(header)\n  \(replaced == nil ? "stored" : "stored, replacing the old one"): "
                        + "\(cookie.name) for \(cookie.hostOnly ? "" : ".")\(cookie.domain)\(cookie.path) "
                        + "(\(traits.joined(separator: ", ")))")
            case .deleted(let name, let removed):
                lines.append(
                    "Set-Cookie: \(header)\n  not stored: Expired (already expired"
                        + (removed == nil ? ")" : "; it deleted the stored \(name))"))
            case .ignored(let rejection):
                lines.append("Set-Cookie: \(header)\n  rejected: \(rejection.reason.rawValue) (\(rejection.detail))")
            }
        }
        for (cookie, why) in withheld {
            lines.append("withheld \(cookie.name): \(why.chromeName)")
        }
        if let header { lines.append("Cookie: \(header)") }
        return lines
    }
}
