/// A session store shared by every server: a real SQLite database or a real Redis server.
///
/// Implementations live outside the core (they do I/O); the world only calls this protocol.
/// Every operation may fail for real reasons (a killed process, a read-only file); the world
/// turns a thrown error into a 503 and an event naming the cause, never a crash.
public protocol SharedSessionStore: AnyObject {
    /// What the store is, for people: `sqlite /tmp/sessions.db`, `redis 127.0.0.1:6379`.
    var label: String { get }
    /// The session with that id, valid or not, or nil when the store has none.
    func load(_ id: SessionID) throws -> SessionRecord?
    /// Inserts or replaces a session; `expiresAt` is when it stops being valid (for the
    /// store's expiry index and TTL backstop), `now` the virtual time of the write.
    func save(_ record: SessionRecord, expiresAt: Instant, now: Instant) throws
    func delete(_ id: SessionID) throws
    /// Deletes every session no longer valid at `now` and returns them with the reason.
    func removeExpired(now: Instant, timeout: TimeSpan, absolute: TimeSpan?) throws -> [(SessionRecord, ExpiryReason)]
    /// The number of sessions held, valid or not yet swept.
    func count() throws -> Int
    /// Up to `limit` sessions in id order, read from the store, for the store pane.
    func list(limit: Int) throws -> [SessionRecord]
    /// Deletes every session of this run (a new cluster starts empty).
    func removeAll() throws
    /// The operations performed since the last call and their measured latency.
    func drainTimings() -> [StoreTiming]
}

/// One store operation and how long it really took.
public struct StoreTiming: Equatable, Sendable {
    /// `GET`, `SET`, `SELECT`, `UPDATE`, ...
    public var operation: String
    public var microseconds: Double
    public init(operation: String, microseconds: Double) {
        self.operation = operation
        self.microseconds = microseconds
    }
}

/// A real failure of a store operation, with a cause people can act on.
public struct StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    public var operation: String
    public var cause: String
    public init(operation: String, cause: String) {
        self.operation = operation
        self.cause = cause
    }
    public var description: String { "\(operation): \(cause)" }
}

/// Makes the shared store for a cluster. The core cannot build real stores (they do I/O),
/// so whoever builds the world passes a factory in.
public typealias SharedStoreFactory = (ClusterSettings) throws -> any SharedSessionStore

/// The factory used when no real store is linked: it explains what is missing.
public func unavailableSharedStore(_ settings: ClusterSettings) throws -> any SharedSessionStore {
    throw WorldError("store=\(settings.store.rawValue) needs a real store, which this build of the world was not given")
}

/// A command the world cannot carry out (the world is left unchanged).
public struct WorldError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
