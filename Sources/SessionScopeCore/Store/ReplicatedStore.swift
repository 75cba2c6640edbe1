/// `store=replicated`: every write is copied to every live server, and a starting server
/// copies the whole table from a live peer (state transfer), as session replication in an
/// application-server cluster does.
public struct ReplicatedStore: SessionStore {
    /// The cluster's expiry rules, which file each session under its sweep tick. Kept
    /// packed in three words, so that the store fits inline in the world's `any
    /// SessionStore` (no box to check for uniqueness on every request).
    private let packed: PackedExpiryRules
    public var rules: ExpiryRules { packed.rules }

    public init(rules: ExpiryRules) { packed = PackedExpiryRules(rules) }

    public var label: String { "replicated" }
    public var placement: StorePlacement { .servers }

    public mutating func load(_ id: SessionID, server k: Int, memory: inout [Server]) throws -> SessionRecord? {
        SessionTable.lookup(id, in: &memory[k - 1].table)
    }

    public func peek(_ id: SessionID, server k: Int, memory: [Server]) throws -> SessionRecord? {
        memory[k - 1].table[id]
    }

    public mutating func save(
        _ record: SessionRecord, server k: Int, memory: inout [Server], now: Instant
    ) throws -> [Int] {
        Self.everyLiveServer(except: k, in: &memory) { $0.save(record, rules: rules) }
    }

    /// A touch is copied like any write (the other servers' idle timers must slide too).
    public mutating func touch(
        _ record: SessionRecord, server k: Int, memory: inout [Server], now: Instant
    ) throws -> [Int] {
        try save(record, server: k, memory: &memory, now: now)
    }

    public mutating func delete(_ id: SessionID, server k: Int, memory: inout [Server]) throws -> [Int] {
        Self.everyLiveServer(except: k, in: &memory) { $0.remove(id) }
    }

    public mutating func sweep(now: Instant, memory: inout [Server]) throws -> [SweptSessions] {
        LocalStore.sweepEach(now: now, memory: &memory, rules: rules)
    }

    public mutating func serverStarted(_ k: Int, memory: inout [Server]) -> StateTransfer? {
        guard let peer = memory.first(where: { $0.isUp && $0.number != k }) else { return nil }
        memory[k - 1].table = peer.table
        return StateTransfer(from: peer.number, count: peer.table.count)
    }

    /// Applies a change on server `k` and every other live server; returns the others.
    private static func everyLiveServer(
        except k: Int, in memory: inout [Server], _ change: (inout SessionTable) -> Void
    ) -> [Int] {
        var copiedTo: [Int] = []
        for index in memory.indices where memory[index].isUp || index + 1 == k {
            change(&memory[index].table)
            if index + 1 != k { copiedTo.append(index + 1) }
        }
        return copiedTo
    }
}
