/// `store=jwt`: no server keeps a session; the signed token the browser carries is the
/// session. Every operation is a no-op, so the same middleware needs no special case for
/// where sessions are kept (the token application itself is `World.handleStateless`).
public struct TokenOnlyStore: SessionStore {
    public init() {}

    public var label: String { "jwt" }
    public var placement: StorePlacement { .nowhere }

    public mutating func load(_ id: SessionID, server k: Int, memory: inout [Server]) throws -> SessionRecord? { nil }

    public func peek(_ id: SessionID, server k: Int, memory: [Server]) throws -> SessionRecord? { nil }

    public mutating func save(
        _ record: SessionRecord, server k: Int, memory: inout [Server], now: Instant
    ) throws -> [Int] { [] }

    public mutating func delete(_ id: SessionID, server k: Int, memory: inout [Server]) throws -> [Int] { [] }

    public mutating func sweep(now: Instant, memory: inout [Server]) throws -> [SweptSessions] {
        []
    }
}
