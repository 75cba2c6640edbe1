/// One server's in-memory session table, as a `local` or `replicated` server holds it.
///
/// Sweeps must cost what expires, not what is held, so beside the dictionary the table keeps
/// expiry buckets: for each sweep tick, the ids that may fall due by then. A touch adds the
/// id to a later bucket and leaves the old entry behind; a sweep checks each entry against
/// the record before removing it, so stale entries are dropped cheaply.
public struct SessionTable: Equatable, Sendable {
    public private(set) var records: [SessionID: SessionRecord] = [:]
    private var buckets: [Int64: [SessionID]] = [:]
    /// Heap bytes of user names too long for `String`'s inline storage, kept up to date on
    /// every change so the memory figure never walks the table.
    private var heapNameBytes = 0

    public init() {}

    public var count: Int { records.count }

    public subscript(id: SessionID) -> SessionRecord? { records[id] }

    /// Inserts or replaces a record and files it under the sweep tick at which it may expire.
    public mutating func save(_ record: SessionRecord, timeout: TimeSpan, absolute: TimeSpan?, sweep: TimeSpan) {
        let previous = records.updateValue(record, forKey: record.id)
        heapNameBytes += Self.heapBytes(record.user) - Self.heapBytes(previous?.user)
        let tick = Self.tick(containing: record.expiresAt(timeout: timeout, absolute: absolute), sweep: sweep)
        // A touch within the same sweep tick is already filed there.
        if let previous, Self.tick(containing: previous.expiresAt(timeout: timeout, absolute: absolute), sweep: sweep) == tick { return }
        buckets[tick, default: []].append(record.id)
    }

    @discardableResult
    public mutating func remove(_ id: SessionID) -> SessionRecord? {
        let removed = records.removeValue(forKey: id)
        heapNameBytes -= Self.heapBytes(removed?.user)
        return removed
    }

    /// A `String` of up to 15 UTF-8 bytes is stored inline; a longer one has a heap buffer
    /// (a 32-byte header and its bytes, as the allocator rounds it).
    static func heapBytes(_ user: String?) -> Int {
        guard let user, user.utf8.count > 15 else { return 0 }
        return 32 + user.utf8.count
    }

    /// Forgets everything (a crash).
    public mutating func removeAll() {
        records = [:]
        buckets = [:]
        heapNameBytes = 0
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
                remove(id)
                removed.append((record, reason))
            }
        }
        return removed.sorted { $0.0.id < $1.0.id }
    }

    /// The bytes this table occupies, from what it really holds: the dictionary's slots (key
    /// and value inline), its occupancy bitmap, the expiry buckets' entries, and heap storage
    /// of user names too long to be stored inside the `String`. Constant time.
    public var memoryBytes: Int {
        let slot = MemoryLayout<SessionID>.stride + MemoryLayout<SessionRecord>.stride
        return records.capacity * slot + records.capacity / 8 + heapNameBytes
    }
}
