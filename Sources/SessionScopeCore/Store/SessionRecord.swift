/// One server-side session: what the server remembers about a browser.
public struct SessionRecord: Equatable, Sendable {
    public var id: SessionID
    /// The logged-in user, or nil before login. Short names are stored inline by `String`.
    public var user: String?
    public var created: Instant
    public var lastAccess: Instant
    /// The browser's address when the session was made (the "browser info").
    public var clientIP: IPv4
    /// What the application keeps in the session besides the user (1.1: cart, theme).
    public var data = SessionData()

    public init(
        id: SessionID, user: String? = nil, created: Instant, lastAccess: Instant, clientIP: IPv4,
        data: SessionData = SessionData()
    ) {
        self.id = id
        self.user = user
        self.created = created
        self.lastAccess = lastAccess
        self.clientIP = clientIP
        self.data = data
    }

    /// The attribute `key` as the scenario language reads it (`NAME.data.KEY`): nil when
    /// absent, and for an empty cart; a cart is its items joined with `,`.
    public func attribute(_ key: SessionAttribute) -> String? {
        switch key {
        case .user: return user
        case .cart: return data.cart.isEmpty ? nil : data.cart.joined(separator: ",")
        case .theme: return data.theme
        }
    }

    /// Copies the attributes `keys` from `other` (a delta save applies what a request changed).
    public mutating func take(_ keys: SessionAttributes, from other: SessionRecord) {
        if keys.contains(.user) { user = other.user }
        if keys.contains(.cart) { data.cart = other.data.cart }
        if keys.contains(.theme) { data.theme = other.data.theme }
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

/// The application's data in a session besides the user: what `POST /cart` and `POST /prefs`
/// write. Empty for almost every session, and then it is one nil reference: a session record
/// is copied several times on every request, and an empty array and an absent string would
/// cost a retain and a release each time.
public struct SessionData: Equatable, Hashable, Sendable {
    private final class Storage: Sendable {
        let cart: [String]
        let theme: String?
        init(cart: [String], theme: String?) {
            self.cart = cart
            self.theme = theme
        }
    }

    private var storage: Storage?

    public init(cart: [String] = [], theme: String? = nil) {
        storage = cart.isEmpty && theme == nil ? nil : Storage(cart: cart, theme: theme)
    }

    public var cart: [String] {
        get { storage?.cart ?? [] }
        set { self = SessionData(cart: newValue, theme: theme) }
    }

    public var theme: String? {
        get { storage?.theme }
        set { self = SessionData(cart: cart, theme: newValue) }
    }

    public var isEmpty: Bool { storage == nil }

    public static func == (lhs: SessionData, rhs: SessionData) -> Bool {
        lhs.storage === rhs.storage || (lhs.cart == rhs.cart && lhs.theme == rhs.theme)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(cart)
        hasher.combine(theme)
    }
}

/// The attributes of a session a request may change, each written whole by a delta save.
public enum SessionAttribute: String, CaseIterable, Sendable {
    case user, cart, theme
}

/// A set of `SessionAttribute`s, in one byte.
public struct SessionAttributes: OptionSet, Equatable, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(_ attribute: SessionAttribute) {
        switch attribute {
        case .user: self = .user
        case .cart: self = .cart
        case .theme: self = .theme
        }
    }

    public static let user = SessionAttributes(rawValue: 1)
    public static let cart = SessionAttributes(rawValue: 2)
    public static let theme = SessionAttributes(rawValue: 4)
}
