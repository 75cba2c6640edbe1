/// `store=local`: each server keeps its own sessions in memory; the others never hear of
/// them, and a crash loses them.
public struct LocalStore: SessionStore {
    /// The cluster's expiry rules, which file each session under its sweep tick. Kept
    /// packed in three words, so that the store fits inline in the world's `any
    /// SessionStore` (no box to check for uniqueness on every request).
    private let packed: PackedExpiryRules
    public var rules: ExpiryRules { packed.rules }

    public init(rules: ExpiryRules) { packed = PackedExpiryRules(rules) }

    public var label: String { "local" }
    public var placement: StorePlacement { .servers }

    public mutating func load(_ id: SessionID, server k: Int, memory: inout [Server]) throws -> SessionRecord? {
        // Read where it lies: a plain call would copy the table out of the array first.
        SessionTable.lookup(id, in: &memory[k - 1].table)
    }

    public func peek(_ id: SessionID, server k: Int, memory: [Server]) throws -> SessionRecord? {
        memory[k - 1].table[id]
    }

    public mutating func save(
        _ record: SessionRecord, server k: Int, memory: inout [Server], now: Instant
    ) throws -> [Int] {
        memory[k - 1].table.save(record, rules: rules)
        return []
    }

    /// A touch is a save here; written out so that the request path makes one call.
    public mutating func touch(
        _ record: SessionRecord, server k: Int, memory: inout [Server], now: Instant
    ) throws -> [Int] {
        memory[k - 1].table.save(record, rules: rules)
        return []
    }

    /// The request path's touch (`SessionTable.touch`): only the id and the new access time,
    /// for a session loaded from server K's table by the same request and changed in nothing
    /// else. False when the table has no such session (then `save` it whole).
    public func touch(_ id: SessionID, lastAccess: Instant, server k: Int, memory: inout [Server]) -> Bool {
        memory[k - 1].table.touch(id, lastAccess: lastAccess, rules: rules)
    }

    public mutating func delete(_ id: SessionID, server k: Int, memory: inout [Server]) throws -> [Int] {
        memory[k - 1].table.remove(id)
        return []
    }

    public mutating func sweep(now: Instant, memory: inout [Server]) throws -> [SweptSessions] {
        Self.sweepEach(now: now, memory: &memory, rules: rules)
    }

    /// Sweeps every live server's table in place (a copy of a large table would cost what it holds).
    static func sweepEach(now: Instant, memory: inout [Server], rules: ExpiryRules) -> [SweptSessions] {
        var swept: [SweptSessions] = []
        for index in memory.indices where memory[index].isUp {
            let removed = memory[index].table.sweep(now: now, rules: rules)
            if !removed.isEmpty { swept.append(SweptSessions(location: .server(index + 1), removed: removed)) }
        }
        return swept
    }
}
