import Foundation

/// What attach knows about a store at one moment: every session counted, the first `limit`
/// listed. Built page by page, so memory stays bounded whatever the store holds.
public struct AttachSnapshot: Equatable, Sendable {
    /// The store, as given (password masked).
    public var url: String
    public var format: AttachFormat
    /// Sessions found so far (all of them once `complete`).
    public var count = 0
    /// Their bytes.
    public var bytes = 0
    public var anomalies: [Anomaly: Int] = [:]
    /// The first `limit` sessions, in scan order.
    public var rows: [SessionRow] = []
    public var limit: Int
    /// Entries scanned and the store's rough size, for progress.
    public var scanned = 0
    public var estimatedTotal: Int?
    public var complete = false

    public init(url: String, format: AttachFormat, limit: Int) {
        self.url = url
        self.format = format
        self.limit = limit
    }

    /// Counts a page and keeps its rows while there is room.
    public mutating func add(_ page: SessionPage) {
        scanned += page.scanned
        for row in page.rows {
            count += 1
            bytes += row.bytes
            for anomaly in row.anomalies { anomalies[anomaly, default: 0] += 1 }
            if rows.count < limit { rows.append(row) }
        }
        if page.next == nil { complete = true }
    }

    /// Reads the whole store into a snapshot, one page at a time.
    public static func read(
        _ reader: any SessionReader, url: String, limit: Int, now: Date,
        progress: (AttachSnapshot) -> Void = { _ in }
    ) throws -> AttachSnapshot {
        var snapshot = AttachSnapshot(url: url, format: reader.format, limit: limit)
        snapshot.estimatedTotal = try reader.estimatedTotal()
        var cursor: String?
        repeat {
            let page = try reader.page(after: cursor, now: now)
            snapshot.add(page)
            progress(snapshot)
            cursor = page.next
        } while cursor != nil
        snapshot.complete = true
        return snapshot
    }
}
