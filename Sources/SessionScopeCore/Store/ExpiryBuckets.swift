/// Sessions filed by the sweep tick at which they may fall due, so that a sweep visits what
/// expires and not everything held.
///
/// An entry is only the high half of an id (8 bytes): `SessionHashTable` finds sessions by
/// that half alone. A touch files the session again under a later tick and leaves the old
/// entry behind; the sweep checks each entry against the session before removing anything,
/// so a stale entry costs one lookup once.
struct ExpiryBuckets: Sendable {
    private var buckets: [Int64: [UInt64]] = [:]
    /// Entries filed and not yet swept (stale ones included).
    private(set) var entryCount = 0

    init() {}

    /// The first sweep tick at or after an instant (ticks are multiples of `sweep`).
    static func tick(containing instant: Instant, sweep: TimeSpan) -> Int64 {
        let size = sweep.milliseconds
        return (instant.milliseconds + size - 1) / size
    }

    /// Whether `tick` is the tick containing `instant`: `tick(containing:)` == `tick`, told by
    /// two multiplications instead of a division (a 64-bit division takes tens of cycles, and
    /// every touch asks whether its session stays in the tick it was filed under).
    static func tick(_ tick: Int64, contains instant: Instant, sweep: TimeSpan) -> Bool {
        let size = sweep.milliseconds
        // The ceiling division above rounds negative instants the other way: asked the long way.
        guard instant.milliseconds >= 0 else { return Self.tick(containing: instant, sweep: sweep) == tick }
        return (tick - 1) * size < instant.milliseconds && instant.milliseconds <= tick * size
    }

    /// Files an id's high half under a tick.
    mutating func file(_ high: UInt64, tick: Int64) {
        buckets[tick, default: []].append(high)
        entryCount += 1
    }

    /// Removes and returns the entries of every tick up to `tick`, earliest tick first.
    mutating func takeDue(upTo tick: Int64) -> [UInt64] {
        let due = buckets.keys.filter { $0 <= tick }.sorted()
        var taken: [UInt64] = []
        for key in due {
            taken += buckets.removeValue(forKey: key) ?? []
        }
        entryCount -= taken.count
        return taken
    }

    /// Bytes held, counted from the entries (array capacities come from the allocator and
    /// would make the figure vary run to run): 8 per entry, and per tick the dictionary slot
    /// and the array's header.
    var memoryBytes: Int {
        entryCount * MemoryLayout<UInt64>.stride + buckets.count * (MemoryLayout<Int64>.stride + 8 + 32)
    }
}
