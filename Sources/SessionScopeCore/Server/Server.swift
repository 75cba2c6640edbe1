/// One application server: up or down, and its session table (for `local` and `replicated`).
public struct Server: Equatable, Sendable {
    /// 1-based: `server-1` is number 1.
    public let number: Int
    public var isUp = true
    public var table = SessionTable()

    public init(number: Int) { self.number = number }

    public var name: String { "server-\(number)" }
}
