import Foundation

/// Something odd about a stored session, counted in the header and marked on its row.
public enum Anomaly: String, CaseIterable, Sendable, Comparable {
    /// A Redis key without a TTL: it stays until someone deletes it.
    case noTTL = "no_ttl"
    /// Its expiry has passed but it is still stored (Django keeps rows until `clearsessions`).
    case expiredPresent = "expired_present"
    /// Its value could not be decoded; the reason is the row's note.
    case undecodable
    /// Over 4 KiB.
    case oversized

    public static func < (a: Anomaly, b: Anomaly) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The short mark on a row.
    public var mark: String {
        switch self {
        case .noTTL: return "no-ttl"
        case .expiredPresent: return "expired"
        case .undecodable: return "undecodable"
        case .oversized: return "big"
        }
    }

    /// Sessions over this many bytes are `oversized` (a cookie's limit, and a sign that
    /// something is stored in the session that should not be).
    public static let oversizedBytes = 4096
}

/// One stored session as attach lists it.
public struct SessionRow: Equatable, Sendable {
    /// The session id (the key without the prefix, or Django's `session_key`).
    public var id: String
    /// Where it is: the Redis key, or `django_session/<session_key>`.
    public var key: String
    public var user: String?
    public var created: Date?
    public var lastAccess: Date?
    public var expires: Date?
    /// Seconds to live from Redis's TTL; nil when there is none or the store has no TTLs.
    public var ttlSeconds: Int64?
    public var bytes: Int
    public var attributes: [String]
    public var note: String?
    public var anomalies: [Anomaly]

    public init(
        id: String, key: String, user: String? = nil, created: Date? = nil, lastAccess: Date? = nil,
        expires: Date? = nil, ttlSeconds: Int64? = nil, bytes: Int = 0, attributes: [String] = [], note: String? = nil,
        anomalies: [Anomaly] = []
    ) {
        self.id = id
        self.key = key
        self.user = user
        self.created = created
        self.lastAccess = lastAccess
        self.expires = expires
        self.ttlSeconds = ttlSeconds
        self.bytes = bytes
        self.attributes = attributes
        self.note = note
        self.anomalies = anomalies
    }
}

/// One session read whole, for the detail view: its row, decoded attributes and the raw value.
public struct SessionDetail: Equatable, Sendable {
    public var row: SessionRow
    public var decoded: DecodedSession?
    public var raw: RawSession

    public init(row: SessionRow, decoded: DecodedSession?, raw: RawSession) {
        self.row = row
        self.decoded = decoded
        self.raw = raw
    }
}
