/// Where sessions live: one protocol for every `store` kind of a cluster.
///
/// `local` and `replicated` keep sessions in the app servers' memory (each `Server`'s
/// `table`, which dies with the server), `sqlite` and `redis` in one real store that every
/// server shares, and `jwt` nowhere: the token is the session. The session middleware
/// (`World+Application.swift`) asks only this protocol, so it never knows which kind is in
/// use. In-memory kinds are value types, so a world that holds one can be copied for the
/// timeline's checkpoints; a real store is a reference to an outside system.
///
/// A store is made for one cluster and knows its expiry rules (`ExpiryRules`) from then on.
/// The servers' memories are passed in, not held: the store decides which of them a
/// session is written to (one, or every live one), the world owns them.
public protocol SessionStore {
    /// What the store is, for people: `local`, `sqlite /tmp/sessions.db`, `redis 127.0.0.1:6379`.
    var label: String { get }
    /// Where a session handled by a server lives: its own memory, or the shared store.
    var placement: StorePlacement { get }

    /// The session with that id as server `k` sees it, valid or not; nil when it has none.
    mutating func load(_ id: SessionID, server k: Int, memory: inout [Server]) throws -> SessionRecord?
    /// The session as server `k` would find it, without touching anything: for views (the
    /// live pages that show what a server knows of the visitor).
    func peek(_ id: SessionID, server k: Int, memory: [Server]) throws -> SessionRecord?
    /// Inserts or replaces a session written by server `k`; returns the other servers it
    /// was copied to (replication), for the trace.
    mutating func save(_ record: SessionRecord, server k: Int, memory: inout [Server], now: Instant) throws -> [Int]
    /// `save=delta` (1.1): writes only `attributes` of `record` (each whole) and its access
    /// time into the stored session; nil, and nothing written, when the store no longer holds
    /// it (a delta save never brings back a destroyed session). Otherwise the other servers
    /// it was copied to.
    mutating func saveChanges(
        _ record: SessionRecord, _ attributes: SessionAttributes, server k: Int, memory: inout [Server], now: Instant
    ) throws -> [Int]?
    /// Records a new access time of a session that did not otherwise change.
    mutating func touch(_ record: SessionRecord, server k: Int, memory: inout [Server], now: Instant) throws -> [Int]
    /// Removes a session as server `k` does (logout, regeneration, found expired); returns
    /// the other servers the removal was copied to.
    mutating func delete(_ id: SessionID, server k: Int, memory: inout [Server]) throws -> [Int]
    /// Sessions held in the shared store (`store.sessions`); 0 where sessions live on the
    /// servers or nowhere.
    func count() throws -> Int
    /// Up to `limit` sessions of the shared store in id order, read from it, for the store pane.
    func list(limit: Int) throws -> [SessionRecord]
    /// Removes what is no longer valid at `now` (a sweep tick) on every live server and in
    /// the shared store, and returns what went where.
    mutating func sweep(now: Instant, memory: inout [Server]) throws -> [SweptSessions]
    /// Server `k` came back with an empty memory; returns what it copied from a peer, if the
    /// kind copies state on start (replication).
    mutating func serverStarted(_ k: Int, memory: inout [Server]) -> StateTransfer?
    /// The operations performed since the last call and their measured latency (real stores).
    func drainTimings() -> [StoreTiming]
    /// Ends the store's part in the run: a real store deletes this run's sessions and closes
    /// its connection. Called once, when the world lets the store go.
    mutating func shutdown()
}

extension SessionStore {
    /// Most kinds write a touch as a whole save.
    public mutating func touch(
        _ record: SessionRecord, server k: Int, memory: inout [Server], now: Instant
    ) throws -> [Int] {
        try save(record, server: k, memory: &memory, now: now)
    }

    /// In memory: the stored session, changed in those attributes, saved whole again.
    public mutating func saveChanges(
        _ record: SessionRecord, _ attributes: SessionAttributes, server k: Int, memory: inout [Server], now: Instant
    ) throws -> [Int]? {
        guard var stored = try load(record.id, server: k, memory: &memory) else { return nil }
        stored.lastAccess = record.lastAccess
        stored.take(attributes, from: record)
        return try save(stored, server: k, memory: &memory, now: now)
    }

    public func count() throws -> Int { 0 }
    public func list(limit: Int) throws -> [SessionRecord] { [] }
    public mutating func serverStarted(_ k: Int, memory: inout [Server]) -> StateTransfer? { nil }
    public func drainTimings() -> [StoreTiming] { [] }
    public mutating func shutdown() {}

    /// Whether sessions live in one store that every server shares.
    public var isShared: Bool { placement == .shared }
}

/// Where a kind keeps sessions.
public enum StorePlacement: Equatable, Sendable {
    /// In each server's memory (`local`, `replicated`).
    case servers
    /// In one store every server shares (`sqlite`, `redis`).
    case shared
    /// Nowhere on the server side (`jwt`: the token is the session).
    case nowhere
}

/// The cluster's expiry settings, as the stores need them: a small value, copied for free.
public struct ExpiryRules: Equatable, Sendable {
    public var timeout: TimeSpan
    /// nil is `absolute=off`.
    public var absolute: TimeSpan?
    public var sweep: TimeSpan

    public init(timeout: TimeSpan, absolute: TimeSpan?, sweep: TimeSpan) {
        self.timeout = timeout
        self.absolute = absolute
        self.sweep = sweep
    }
}

/// `ExpiryRules` in three words (`absolute=off` as -1), for stores held in an existential.
struct PackedExpiryRules: Equatable, Sendable {
    var timeout: Int64
    var absolute: Int64
    var sweep: Int64

    init(_ rules: ExpiryRules) {
        timeout = rules.timeout.milliseconds
        absolute = rules.absolute?.milliseconds ?? -1
        sweep = rules.sweep.milliseconds
    }

    var rules: ExpiryRules {
        ExpiryRules(
            timeout: TimeSpan(milliseconds: timeout), absolute: absolute < 0 ? nil : TimeSpan(milliseconds: absolute),
            sweep: TimeSpan(milliseconds: sweep))
    }
}

/// Sessions a sweep removed at one location.
public struct SweptSessions: Sendable {
    public var location: SessionLocation
    /// Ordered by id.
    public var removed: [(SessionRecord, ExpiryReason)]

    public init(location: SessionLocation, removed: [(SessionRecord, ExpiryReason)]) {
        self.location = location
        self.removed = removed
    }
}

/// A starting server's copy of a peer's sessions.
public struct StateTransfer: Equatable, Sendable {
    public var from: Int
    public var count: Int

    public init(from: Int, count: Int) {
        self.from = from
        self.count = count
    }
}

/// One store operation and how long it really took.
public struct StoreTiming: Equatable, Sendable {
    /// `redis HGETALL`, `sqlite SELECT`, ...
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

/// A command the world cannot carry out (the world is left unchanged).
public struct WorldError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
