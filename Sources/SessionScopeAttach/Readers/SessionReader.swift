import Foundation

/// A store attach reads: Redis or SQLite. It never writes; readers are built so that they
/// cannot (a command list for Redis, a read-only connection for SQLite).
public protocol SessionReader: AnyObject {
    /// Where and what: `redis 127.0.0.1:6379/0 · flask-session`.
    var label: String { get }
    /// The format being read (never `.auto`: detection happens when the reader is made).
    var format: AttachFormat { get }
    /// A rough number of entries to scan, for progress (Redis's DBSIZE, the table's row count).
    func estimatedTotal() throws -> Int?
    /// The next page of sessions after `cursor` (nil: the start); `next` is nil at the end.
    func page(after cursor: String?, now: Date) throws -> SessionPage
    /// One session whole: its row, decoded attributes and raw value; nil when it is gone.
    func read(key: String, now: Date) throws -> SessionDetail?
    /// Closes the connection.
    func shutdown()
}

/// A page of a scan.
public struct SessionPage: Sendable {
    public var rows: [SessionRow]
    /// Where the next page starts; nil when this was the last.
    public var next: String?
    /// Entries looked at (keys scanned, bookkeeping included), for progress.
    public var scanned: Int

    public init(rows: [SessionRow], next: String?, scanned: Int) {
        self.rows = rows
        self.next = next
        self.scanned = scanned
    }
}
