/// One server's in-memory session table, as a `local` or `replicated` server holds it.
///
/// Sweeps must cost what expires, not what is held, so beside the dictionary the table keeps
/// expiry buckets: for each sweep tick, the ids that may fall due by then. A touch adds the
/// id to a later bucket and leaves the old entry behind; a sweep checks each entry against
/// the record before removing it, so stale entries are dropped cheaply.
public struct SessionTable: Equatable, Sendable {
    public private(set) var records: [SessionID: SessionRecord] = [:]
    private var buckets: [Int64: [SessionID]] = [:]

    public init() {}

    public var count: Int { records.count }

    public subscript(id: SessionID) -> SessionRecord? { records[id] }

    /// Inserts or replaces a record and files it under the sweep tick at which it may expire.
    public mutating func save(_ record: SessionRecord, timeout: TimeSpan, absolute: TimeSpan?, sweep: TimeSpan) {
        records[record.id] = record
        let due = record.expiresAt(timeout: timeout, absolute: absolute)
        buckets[Self.tick(containing: due, sweep: sweep), default: []].append(record.id)
    }

    @discardableResult
    public mutating func remove(_ id: SessionID) -> SessionRecord? {
        records.removeValue(forKey: id)
    }

    /// Forgets everything (a crash).
    public mutating func removeAll() {
        records = [:]
        buckets = [:]
    }

    /// The first sweep tick at or after an instant (ticks are multiples of `sweep`).
    static func tick(containing instant: Instant, sweep: TimeSpan) -> Int64 {
        let size = sweep.milliseconds
        return (instant.milliseconds + size - 1) / size
    }

    /// Removes every record that is no longer valid at `now` (a sweep tick) and returns them.
    /// Only the buckets up to `now` are visited.
    public mutating func sweep(now: Instant, timeout: TimeSpan, absolute: TimeSpan?, sweep: TimeSpan) -> [(SessionRecord, ExpiryReason)] {
        var removed: [(SessionRecord, ExpiryReason)] = []
        let currentTick = now.milliseconds / sweep.milliseconds
        let dueTicks = buckets.keys.filter { $0 <= currentTick }.sorted()
        for tick in dueTicks {
            for id in buckets.removeValue(forKey: tick) ?? [] {
                guard let record = records[id],
                      case .expired(let reason) = record.validity(at: now, timeout: timeout, absolute: absolute) else { continue }
                records.removeValue(forKey: id)
                removed.append((record, reason))
            }
        }
        return removed.sorted { $0.0.id < $1.0.id }
    }

    /// An estimate of the bytes this table occupies, from what it really holds: the
    /// dictionary's slots (key and value inline), its occupancy bitmap, and heap storage of
    /// user names too long to be stored inside the `String`.
    public var memoryBytes: Int {
        let slot = MemoryLayout<SessionID>.stride + MemoryLayout<SessionRecord>.stride
        var bytes = records.capacity * slot + records.capacity / 8
        for record in records.values {
            if let user = record.user, user.utf8.count > 15 { bytes += 32 + user.utf8.count }
        }
        return bytes
    }
}
