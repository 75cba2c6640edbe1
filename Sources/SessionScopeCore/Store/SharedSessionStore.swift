/// A real store that every server shares (`sqlite`, `redis`): a reference to an outside
/// system, written through by every server alike. Implementations live outside the core
/// (they do I/O) and provide these plain operations; the `SessionStore` requirements
/// follow from them below, so a shared kind never deals with the servers' memories.
///
/// Every operation may fail for real reasons (a killed process, a read-only file); the world
/// turns a thrown error into a 503 and an event naming the cause, never a crash.
public protocol SharedSessionStore: AnyObject, SessionStore {
    /// The cluster's expiry rules, for the store's expiry index and TTL backstop.
    var rules: ExpiryRules { get }
    /// The session with that id, valid or not, or nil when the store has none.
    func load(_ id: SessionID) throws -> SessionRecord?
    /// Inserts or replaces a session; `expiresAt` is when it stops being valid (for the
    /// store's expiry index and TTL backstop), `now` the virtual time of the write.
    func save(_ record: SessionRecord, expiresAt: Instant, now: Instant) throws
    func delete(_ id: SessionID) throws
    /// `save=delta` (1.1): writes only `attributes` and the access time (and the expiry) of a
    /// session the store holds, in one atomic step; false, and nothing written, when it holds
    /// none. SQLite updates only those columns; Redis sets only those hash fields.
    func saveChanges(_ record: SessionRecord, _ attributes: SessionAttributes, expiresAt: Instant, now: Instant) throws
        -> Bool
    /// Deletes every session no longer valid at `now` and returns them with the reason.
    func removeExpired(now: Instant) throws -> [(SessionRecord, ExpiryReason)]
    /// The number of sessions held, valid or not yet swept.
    func count() throws -> Int
    /// Up to `limit` sessions in id order, read from the store, for the store pane.
    func list(limit: Int) throws -> [SessionRecord]
    /// The operations performed since the last call and their measured latency.
    func takeTimings() -> [StoreTiming]
    /// Throws, with the cause, when the store cannot be reached now.
    func checkReachable() throws
    /// Deletes this run's sessions and closes the connection; nothing works afterwards.
    func close()
    /// `store restart` (1.1): the real store stops and starts again (a Redis process on the
    /// same port and directory; a SQLite file closed and opened again). Returns what was done,
    /// in words, for the transcript. Throws `StoreRefusal` when the store is not sessionscope's
    /// to restart (`--redis URL`), any other error when the restart failed.
    func restart() throws -> String
    /// `store.restarts` (1.1): restarts since the store was made (for its cluster).
    var restarts: Int { get }
    /// `store.evicted` (1.1): sessions, not other keys, the store evicted since it was made,
    /// as the store itself reported them.
    func evictedCount() throws -> Int
    /// The policy under which the store evicted the session with that id, or nil when it did
    /// not (as the store itself reported it).
    func eviction(of id: SessionID) throws -> String?
}

/// A store operation sessionscope will not do to a store it did not start: the command is
/// refused as a whole, with this message (`store restart` against `--redis URL`).
public struct StoreRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension SharedSessionStore {
    public var placement: StorePlacement { .shared }

    public func load(_ id: SessionID, server k: Int, memory: inout [Server]) throws -> SessionRecord? {
        try load(id)
    }

    public func peek(_ id: SessionID, server k: Int, memory: [Server]) throws -> SessionRecord? {
        try load(id)
    }

    public func save(_ record: SessionRecord, server k: Int, memory: inout [Server], now: Instant) throws -> [Int] {
        try save(record, expiresAt: record.expiresAt(rules), now: now)
        return []
    }

    public func saveChanges(
        _ record: SessionRecord, _ attributes: SessionAttributes, server k: Int, memory: inout [Server], now: Instant
    ) throws -> [Int]? {
        try saveChanges(record, attributes, expiresAt: record.expiresAt(rules), now: now) ? [] : nil
    }

    public func delete(_ id: SessionID, server k: Int, memory: inout [Server]) throws -> [Int] {
        try delete(id)
        return []
    }

    public func sweep(now: Instant, memory: inout [Server]) throws -> [SweptSessions] {
        // The servers hold nothing; the store sweeps its own rows or keys.
        let removed = try removeExpired(now: now)
        return removed.isEmpty ? [] : [SweptSessions(location: .store, removed: removed)]
    }

    public func drainTimings() -> [StoreTiming] { takeTimings() }

    public func shutdown() { close() }

    /// Stores without a memory limit evict nothing.
    public func evictedCount() throws -> Int { 0 }
    public func eviction(of id: SessionID) throws -> String? { nil }
}
