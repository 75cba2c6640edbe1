/// One server's in-memory session table, as a `local` or `replicated` server holds it.
///
/// Sweeps must cost what expires, not what is held, so beside the dictionary the table keeps
/// expiry buckets: for each sweep tick, the ids that may fall due by then. A touch adds the
/// id to a later bucket and leaves the old entry behind; a sweep checks each entry against
/// the record before removing it, so stale entries are dropped cheaply.
public struct SessionTable: Equatable, Sendable {
    /// A session as the table keeps it: 24 bytes beside its 16-byte key. The id is the key,
    /// and the user is an index into `users` (each name stored once, not once per session).
    public struct Packed: Equatable, Sendable {
        var created: Int64
        var lastAccess: Int64
        /// 0 before login; otherwise 1 + the index in `users`.
        var user: UInt32
        var clientIP: UInt32
    }

    private var storage: [SessionID: Packed] = [:]
    private var buckets: [Int64: [SessionID]] = [:]
    /// Interned user names and their indices.
    private var users: [String] = []
    private var userIndex: [String: UInt32] = [:]
    /// Heap bytes of interned names too long for `String`'s inline storage.
    private var heapNameBytes = 0

    public init() {}

    public var count: Int { storage.count }

    public subscript(id: SessionID) -> SessionRecord? { storage[id].map { unpack(id, $0) } }

    /// Every session, unpacked on the way out (in the dictionary's order).
    public var records: LazyMapSequence<[SessionID: Packed], SessionRecord> {
        storage.lazy.map { unpack($0.key, $0.value) }
    }

    /// The ids held.
    public var ids: Dictionary<SessionID, Packed>.Keys { storage.keys }

    private func unpack(_ id: SessionID, _ packed: Packed) -> SessionRecord {
        SessionRecord(id: id, user: packed.user == 0 ? nil : users[Int(packed.user) - 1],
                      created: Instant(milliseconds: packed.created), lastAccess: Instant(milliseconds: packed.lastAccess),
                      clientIP: IPv4(packed.clientIP))
    }

    /// The packed form of a record; `previous` (the slot it replaces, if any) saves the
    /// name lookup when the user did not change, which is every touch.
    private mutating func pack(_ record: SessionRecord, replacing previous: Packed?) -> Packed {
        var user: UInt32 = 0
        if let name = record.user {
            if let previous, previous.user != 0, users[Int(previous.user) - 1] == name {
                user = previous.user
            } else if let index = userIndex[name] {
                user = index
            } else {
                users.append(name)
                user = UInt32(users.count)
                userIndex[name] = user
                heapNameBytes += Self.heapBytes(name)
            }
        }
        return Packed(created: record.created.milliseconds, lastAccess: record.lastAccess.milliseconds,
                      user: user, clientIP: record.clientIP.value)
    }

    /// Inserts or replaces a record and files it under the sweep tick at which it may expire.
    public mutating func save(_ record: SessionRecord, timeout: TimeSpan, absolute: TimeSpan?, sweep: TimeSpan) {
        let previous = storage[record.id]
        storage[record.id] = pack(record, replacing: previous)
        let tick = Self.tick(containing: record.expiresAt(timeout: timeout, absolute: absolute), sweep: sweep)
        // A touch within the same sweep tick is already filed there.
        if let previous, Self.tick(containing: unpack(record.id, previous).expiresAt(timeout: timeout, absolute: absolute), sweep: sweep) == tick {
            return
        }
        buckets[tick, default: []].append(record.id)
    }

    @discardableResult
    public mutating func remove(_ id: SessionID) -> SessionRecord? {
        storage.removeValue(forKey: id).map { unpack(id, $0) }
    }

    /// A `String` of up to 15 UTF-8 bytes is stored inline; a longer one has a heap buffer
    /// (a 32-byte header and its bytes, as the allocator rounds it).
    static func heapBytes(_ user: String) -> Int {
        user.utf8.count > 15 ? 32 + user.utf8.count : 0
    }

    /// Forgets everything (a crash).
    public mutating func removeAll() {
        self = SessionTable()
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
                guard let record = self[id],
                      case .expired(let reason) = record.validity(at: now, timeout: timeout, absolute: absolute) else { continue }
                remove(id)
                removed.append((record, reason))
            }
        }
        return removed.sorted { $0.0.id < $1.0.id }
    }

    /// The bytes this table occupies, from what it really holds: the dictionary's slots (key
    /// and packed value inline) and occupancy bitmap, and the interned user names (array,
    /// index and heap storage of long names). Constant time.
    public var memoryBytes: Int {
        let slot = MemoryLayout<SessionID>.stride + MemoryLayout<Packed>.stride
        // By count, not the array's capacity: that comes from the allocator's block sizes,
        // which differ from run to run, and the figure must not.
        let names = users.count * MemoryLayout<String>.stride
            + userIndex.capacity * (MemoryLayout<String>.stride + MemoryLayout<UInt32>.stride)
        return storage.capacity * slot + storage.capacity / 8 + names + heapNameBytes
    }
}
