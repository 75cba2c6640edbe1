/// A cookie as the jar stores it (RFC 6265 section 5.3).
public struct Cookie: Equatable, Sendable {
    public var name: String
    public var value: String
    /// Unix milliseconds; nil for a session cookie, which lives until the browser closes.
    public var expiry: Int64?
    public var domain: String
    public var path: String
    /// Unix milliseconds of creation; kept when a cookie is replaced, which orders the header.
    public var creation: Int64
    /// Breaks ties between cookies created in the same second, in order of arrival.
    public var sequence: Int
    public var lastAccess: Int64
    public var hostOnly: Bool
    public var secureOnly: Bool
    public var httpOnly: Bool
    /// The `SameSite` attribute (RFC 6265bis); nil when the cookie had none.
    public var sameSite: CookieSameSite? = nil

    /// A session cookie has neither `Expires` nor `Max-Age`.
    public var isPersistent: Bool { expiry != nil }

    /// Whether the cookie has expired at a moment (Unix milliseconds).
    public func isExpired(at now: Int64) -> Bool {
        guard let expiry else { return false }
        return expiry <= now
    }
}

/// A cookie's `SameSite` attribute (RFC 6265bis section 5.4.7).
public enum CookieSameSite: String, Equatable, Sendable {
    case strict = "Strict"
    case lax = "Lax"
    case none = "None"
}
