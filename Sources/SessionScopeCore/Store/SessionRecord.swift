/// One server-side session: what the server remembers about a browser.
public struct SessionRecord: Equatable, Sendable {
    public var id: SessionID
    /// The logged-in user, or nil before login. Short names are stored inline by `String`.
    public var user: String?
    public var created: Instant
    public var lastAccess: Instant
    /// The browser's address when the session was made (the "browser info").
    public var clientIP: IPv4

    public init(id: SessionID, user: String? = nil, created: Instant, lastAccess: Instant, clientIP: IPv4) {
        self.id = id
        self.user = user
        self.created = created
        self.lastAccess = lastAccess
        self.clientIP = clientIP
    }

    /// Whether the session is still valid at `now`, and if not, why.
    /// Whether the session is still valid at `now` under the cluster's rules.
    public func validity(at now: Instant, _ rules: ExpiryRules) -> Validity {
        validity(at: now, timeout: rules.timeout, absolute: rules.absolute)
    }

    public func validity(at now: Instant, timeout: TimeSpan, absolute: TimeSpan?) -> Validity {
        if let absolute, now - created >= absolute { return .expired(.absolute) }
        if now - lastAccess >= timeout { return .expired(.idle) }
        return .valid
    }

    /// The moment the session stops being valid.
    public func expiresAt(timeout: TimeSpan, absolute: TimeSpan?) -> Instant {
        Self.expiry(created: created, lastAccess: lastAccess, timeout: timeout, absolute: absolute)
    }

    /// The moment the session stops being valid under the cluster's rules.
    public func expiresAt(_ rules: ExpiryRules) -> Instant {
        expiresAt(timeout: rules.timeout, absolute: rules.absolute)
    }

    /// The moment a session with these times stops being valid.
    static func expiry(created: Instant, lastAccess: Instant, timeout: TimeSpan, absolute: TimeSpan?) -> Instant {
        let idleEnd = lastAccess + timeout
        guard let absolute else { return idleEnd }
        return min(idleEnd, created + absolute)
    }
}

/// Whether a session may still be used.
public enum Validity: Equatable, Sendable {
    case valid
    case expired(ExpiryReason)
}

/// Why a session stopped being valid.
public enum ExpiryReason: String, Equatable, Sendable {
    /// Idle for the whole timeout.
    case idle
    /// Older than the absolute lifetime.
    case absolute
}

/// An IPv4 address in four bytes.
public struct IPv4: Hashable, Sendable, CustomStringConvertible {
    public var value: UInt32
    public init(_ value: UInt32) { self.value = value }

    /// Parses `A.B.C.D`.
    public init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                let byte = UInt32(part), byte <= 255
            else { return nil }
            value = value << 8 | byte
        }
        self.value = value
    }

    /// `10.0.0.K` for the K-th browser, carrying into the higher bytes past 255.
    public static func defaultAddress(forBrowser k: Int) -> IPv4 {
        IPv4(10 << 24 | UInt32(truncatingIfNeeded: k) & 0x00FF_FFFF)
    }

    public var description: String {
        "\(value >> 24).\(value >> 16 & 255).\(value >> 8 & 255).\(value & 255)"
    }
}
