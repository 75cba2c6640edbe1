import Foundation
import NIOCore
import SessionScopeCore

/// One real store for the live cluster and the terminal UI's mirror of it.
///
/// The UI's timeline replays the live run (`Recording`'s mirror lines) on a world of its
/// own. With a real store, that world must not make a second store (a second key space in
/// the same Redis, or a second set of redis-server and sentinel processes with other
/// settings): it gets a `ReplayedStore`, which writes nothing. Each operation the live world
/// made inside a step (a load, a save, a failover ...) is journaled with its result, and the
/// mirror world, making the same operations in the same order (same statements, same seed),
/// gets the same results; so its steps show what the live run did (a 503 where the store
/// refused, a promoted replica). What the panes read between steps (sessions, nodes, roles,
/// evictions) is read from the live store itself, on the live cluster's loop.
public final class StoreJournal: @unchecked Sendable {
    /// The live store made for one cluster, and what it answered.
    final class Generation: @unchecked Sendable {
        let settings: ClusterSettings
        let store: any SharedSessionStore
        /// What the live store answered, by operation, in order.
        var entries: [String: [Entry]] = [:]
        init(settings: ClusterSettings, store: any SharedSessionStore) {
            self.settings = settings
            self.store = store
        }
    }

    /// One operation of a step and its result (`nil` error: it succeeded).
    struct Entry {
        var operation: String
        var result: Any
        var error: (any Error)?
    }

    private let lock = NSLock()
    private var generations: [Generation] = []
    /// The generation handed to the mirror last (the next `cluster` takes a later one).
    private var lastHanded = -1
    /// The live cluster's executor (set once it exists).
    var loop: EventLoop?

    /// The live cluster's store factory, journaling what its shared stores answer.
    func recording(_ factory: @escaping StoreFactory) -> StoreFactory {
        { settings in
            let made = try factory(settings)
            guard let shared = made as? any SharedSessionStore else { return made }
            let generation = Generation(settings: settings, store: shared)
            self.lock.withLock { self.generations.append(generation) }
            return JournaledStore(live: shared, generation: generation, journal: self)
        }
    }

    /// The mirror's factory: the live cluster's store for those settings, replayed.
    public var mirrorFactory: StoreFactory {
        { settings in
            guard settings.store == .redis || settings.store == .sqlite else { return try inMemoryStore(settings) }
            let generation: Generation? = self.lock.withLock {
                // The next live store with these settings; from the start again after a rewind.
                let later = self.generations.indices.first {
                    $0 > self.lastHanded && self.generations[$0].settings == settings
                }
                let same = later ?? self.generations.indices.first { self.generations[$0].settings == settings }
                // Settings that read back differently: the latest store of that kind.
                let kind = self.generations.indices.last { self.generations[$0].settings.store == settings.store }
                guard let index = same ?? kind else { return nil }
                self.lastHanded = index
                return self.generations[index]
            }
            guard let generation else {
                throw StoreError(operation: "live", cause: "the live cluster has no store for \(settings.summary)")
            }
            return ReplayedStore(generation: generation, journal: self)
        }
    }

    func append(_ entry: Entry, to generation: Generation) {
        lock.withLock { generation.entries[entry.operation, default: []].append(entry) }
    }

    /// The next entry of that operation after those taken (`cursors`, by operation):
    /// each operation keeps its own order, so where the two worlds call an operation a different
    /// number of times (the live request path drains timings at other points than `send`
    /// does), the others stay in step.
    func entry(_ operation: String, of generation: Generation, cursors: inout [String: Int]) -> Entry? {
        lock.withLock {
            let next = cursors[operation] ?? 0
            guard let entries = generation.entries[operation], next < entries.count else { return nil }
            cursors[operation] = next + 1
            return entries[next]
        }
    }

    /// Runs a read of the live store on the live cluster's loop.
    func onLoop<Value>(_ body: @escaping () throws -> Value) throws -> Value {
        guard let loop, !loop.inEventLoop else { return try body() }
        let box = UnsafeTransfer(body)
        return try loop.submit { UnsafeTransfer(try box.value()) }.wait().value
    }
}

/// A value moved between the UI thread and the live loop, which never touch it at once.
struct UnsafeTransfer<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// The live world's store: every call goes to the real store; a step's results are journaled.
final class JournaledStore: SharedSessionStore, PrimaryReplicaStore {
    let live: any SharedSessionStore
    let generation: StoreJournal.Generation
    let journal: StoreJournal

    init(live: any SharedSessionStore, generation: StoreJournal.Generation, journal: StoreJournal) {
        self.live = live
        self.generation = generation
        self.journal = journal
    }

    private func note<Value>(_ operation: String, _ body: () throws -> Value) throws -> Value {
        do {
            let value = try body()
            journal.append(StoreJournal.Entry(operation: operation, result: value, error: nil), to: generation)
            return value
        } catch {
            journal.append(StoreJournal.Entry(operation: operation, result: (), error: error), to: generation)
            throw error
        }
    }

    var label: String { live.label }
    var rules: ExpiryRules { live.rules }
    var restarts: Int { live.restarts }
    func load(_ id: SessionID) throws -> SessionRecord? { try note("load \(id)") { try live.load(id) } }
    // A view (a live page): the mirror's world makes none, so it is not journaled.
    func peek(_ id: SessionID, server k: Int, memory: [Server]) throws -> SessionRecord? { try live.load(id) }
    func save(_ record: SessionRecord, expiresAt: Instant, now: Instant) throws {
        try note("save \(record.id)") { try live.save(record, expiresAt: expiresAt, now: now) }
    }
    func delete(_ id: SessionID) throws { try note("delete \(id)") { try live.delete(id) } }
    func saveChanges(_ record: SessionRecord, _ attributes: SessionAttributes, expiresAt: Instant, now: Instant) throws
        -> Bool
    {
        try note("saveChanges \(record.id)") {
            try live.saveChanges(record, attributes, expiresAt: expiresAt, now: now)
        }
    }
    func removeExpired(now: Instant) throws -> [(SessionRecord, ExpiryReason)] {
        try note("removeExpired") { try live.removeExpired(now: now) }
    }
    func count() throws -> Int { try live.count() }
    func list(limit: Int) throws -> [SessionRecord] { try live.list(limit: limit) }
    func takeTimings() -> [StoreTiming] { (try? note("timings") { live.takeTimings() }) ?? [] }
    func checkReachable() throws { try live.checkReachable() }
    func close() { live.close() }
    func restart() throws -> String { try note("restart") { try live.restart() } }
    func evictedCount() throws -> Int { try live.evictedCount() }
    func eviction(of id: SessionID) throws -> String? { try note("eviction \(id)") { try live.eviction(of: id) } }

    private var replicated: (any PrimaryReplicaStore)? { live as? any PrimaryReplicaStore }
    var primary: Int { replicated?.primary ?? 1 }
    var hasReplicas: Bool { replicated?.hasReplicas ?? false }
    var liveReplicas: Int { replicated?.liveReplicas ?? 0 }
    func replicationNodes() -> [StoreNode] { replicated?.replicationNodes() ?? [] }
    func setLag(_ on: Bool) throws -> Int? { try note("lag") { try replicated?.setLag(on) } }
    func failover() throws -> Failover {
        try note("failover") {
            guard let replicated else { throw StoreError(operation: "failover", cause: "the store has no replicas") }
            return try replicated.failover()
        }
    }
}

/// The mirror world's store: writes nothing; a step's operations get the live world's
/// results from the journal, the panes' reads go to the live store.
final class ReplayedStore: SharedSessionStore, PrimaryReplicaStore {
    let generation: StoreJournal.Generation
    let journal: StoreJournal
    private var cursors: [String: Int] = [:]
    private let liveLabel: String
    let rules: ExpiryRules

    init(generation: StoreJournal.Generation, journal: StoreJournal) {
        self.generation = generation
        self.journal = journal
        self.liveLabel = generation.store.label
        self.rules = generation.store.rules
    }

    /// The live world's result of that operation; `otherwise` when the journal has none.
    private func replay<Value>(_ operation: String, otherwise: () throws -> Value) throws -> Value {
        guard let entry = journal.entry(operation, of: generation, cursors: &cursors) else { return try otherwise() }
        if let error = entry.error { throw error }
        guard let value = entry.result as? Value else { return try otherwise() }
        return value
    }

    private func read<Value>(_ body: @escaping (any SharedSessionStore) throws -> Value) throws -> Value {
        let store = UnsafeTransfer(generation.store)
        return try journal.onLoop { try body(store.value) }
    }

    var label: String { liveLabel }
    var restarts: Int { (try? read { $0.restarts }) ?? 0 }
    func load(_ id: SessionID) throws -> SessionRecord? { try replay("load \(id)") { try read { try $0.load(id) } } }
    func peek(_ id: SessionID, server k: Int, memory: [Server]) throws -> SessionRecord? {
        try read { try $0.load(id) }
    }
    func save(_ record: SessionRecord, expiresAt: Instant, now: Instant) throws {
        try replay("save \(record.id)") { () }
    }
    func delete(_ id: SessionID) throws { try replay("delete \(id)") { () } }
    func saveChanges(_ record: SessionRecord, _ attributes: SessionAttributes, expiresAt: Instant, now: Instant) throws
        -> Bool
    {
        try replay("saveChanges \(record.id)") { true }
    }
    func removeExpired(now: Instant) throws -> [(SessionRecord, ExpiryReason)] { try replay("removeExpired") { [] } }
    func count() throws -> Int { try read { try $0.count() } }
    func list(limit: Int) throws -> [SessionRecord] { try read { try $0.list(limit: limit) } }
    func takeTimings() -> [StoreTiming] { (try? replay("timings") { [] }) ?? [] }
    func checkReachable() throws {}
    /// The live cluster owns the store and closes it.
    func close() {}
    func restart() throws -> String { try replay("restart") { "" } }
    func evictedCount() throws -> Int { try read { try $0.evictedCount() } }
    func eviction(of id: SessionID) throws -> String? { try replay("eviction \(id)") { nil } }

    private func replicated<Value>(_ body: @escaping (any PrimaryReplicaStore) -> Value, otherwise: Value) -> Value {
        (try? read { store in (store as? any PrimaryReplicaStore).map(body) ?? otherwise }) ?? otherwise
    }
    var primary: Int { replicated({ $0.primary }, otherwise: 1) }
    var hasReplicas: Bool { replicated({ $0.hasReplicas }, otherwise: false) }
    var liveReplicas: Int { replicated({ $0.liveReplicas }, otherwise: 0) }
    func replicationNodes() -> [StoreNode] { replicated({ $0.replicationNodes() }, otherwise: []) }
    func setLag(_ on: Bool) throws -> Int? { try replay("lag") { nil } }
    func failover() throws -> Failover {
        try replay("failover") { throw StoreError(operation: "failover", cause: "the live cluster made no failover") }
    }
}
