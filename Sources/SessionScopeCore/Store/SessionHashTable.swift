/// The hash table under `SessionTable`: packed sessions in a dense array, found through an
/// open-addressing index of 4-byte slots.
///
/// Why not `[SessionID: Packed]`: Swift's `Dictionary` keeps key and value inline in
/// power-of-two slot arrays at most 75% full, so a million 40-byte sessions sit in 2²¹
/// slots, 84 bytes each. Here a session costs its 40 bytes in `entries` (grown by a quarter
/// at a time) plus a few 4-byte index slots, and a lookup hashes with one multiply instead of
/// SipHash. The dense array also gives a stable order (arrival, with a removal moving the
/// last session into the hole) for panes that show a window of a huge table.
///
/// The index hashes only `id.high`, so an id's high half alone finds every session that
/// could carry it: that lets the expiry buckets keep 8 bytes per entry instead of 16.
/// Generated ids are random 128-bit values; two sharing a high half are merely neighbours
/// in the same probe run, and every lookup still compares both halves.
struct SessionHashTable: Sendable {
    /// One session, packed: 40 bytes.
    struct Entry: Equatable, Sendable {
        var high: UInt64
        var low: UInt64
        var created: Int64
        var lastAccess: Int64
        /// 0 before login; otherwise 1 + the index in the table's user names.
        var user: UInt32
        var clientIP: UInt32

        var id: SessionID { SessionID(high: high, low: low) }
    }

    /// The sessions, densely.
    private(set) var entries: [Entry] = []
    /// The capacity asked of `entries`, by this type's own growth rule. The array's real
    /// capacity comes from the allocator's block sizes and varies run to run; memory
    /// figures read this instead so that they are reproducible.
    private(set) var reservedEntries = 0
    /// Linear probing over a power-of-two array: 0 is empty, otherwise 1 + an index into
    /// `entries`. Kept at most three quarters full.
    private var slots: [UInt32] = []
    /// 64 − log2(slots.count): the shift that turns a hash into a home slot.
    private var shift = 64

    init() {}

    var count: Int { entries.count }

    /// The home slot of a high half: a multiplicative hash, top bits.
    @inline(__always)
    private func home(_ high: UInt64) -> Int {
        // Parenthesised on purpose: in Swift `>>` binds tighter than `&*`.
        Int(truncatingIfNeeded: ((high ^ (high >> 29)) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
    }

    /// The slot that holds `id`, if any.
    @inline(__always)
    private func slot(of id: SessionID) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var position = home(id.high)
        while true {
            let value = slots[position]
            if value == 0 { return nil }
            let entry = entries[Int(value) - 1]
            if entry.high == id.high && entry.low == id.low { return position }
            position = (position + 1) & mask
        }
    }

    /// The index in `entries` of the session with this id.
    @inline(__always)
    func find(_ id: SessionID) -> Int? {
        slot(of: id).map { Int(slots[$0]) - 1 }
    }

    /// Indices in `entries` of every session whose id has this high half.
    func indices(high: UInt64) -> [Int] {
        guard !slots.isEmpty else { return [] }
        let mask = slots.count - 1
        var found: [Int] = []
        var position = home(high)
        while slots[position] != 0 {
            let index = Int(slots[position]) - 1
            if entries[index].high == high { found.append(index) }
            position = (position + 1) & mask
        }
        return found
    }

    /// Replaces the session at an index (same id).
    mutating func update(at index: Int, _ entry: Entry) {
        entries[index] = entry
    }

    /// Adds a session whose id is not in the table yet.
    mutating func append(_ entry: Entry) {
        if (entries.count + 1) * 4 > slots.count * 3 { growIndex() }
        if entries.count == reservedEntries {
            // A quarter more each time: amortised constant, and at most a fifth of the
            // array unused (doubling would leave up to half). Small tables grow one by one,
            // so that the pane's memory figure shows what a single session costs.
            reservedEntries = max(reservedEntries + 1, reservedEntries + reservedEntries / 4)
            entries.reserveCapacity(reservedEntries)
        }
        entries.append(entry)
        place(UInt32(entries.count))
    }

    /// Removes the session at an index and returns it; the last session moves into its place.
    @discardableResult
    mutating func remove(at index: Int) -> Entry {
        let removed = entries[index]
        clear(slot(of: removed.id)!)
        let last = entries.count - 1
        if index != last {
            let moved = entries[last]
            slots[slot(of: moved.id)!] = UInt32(index + 1)
            entries[index] = moved
        }
        entries.removeLast()
        return removed
    }

    /// Forgets everything and gives the memory back.
    mutating func removeAll() {
        self = SessionHashTable()
    }

    /// Puts entry number `value` (1-based) into the first free slot of its probe run.
    private mutating func place(_ value: UInt32) {
        let mask = slots.count - 1
        var position = home(entries[Int(value) - 1].high)
        while slots[position] != 0 { position = (position + 1) & mask }
        slots[position] = value
    }

    /// Empties a slot and shifts later members of its run back, so that lookups never need
    /// tombstones (Knuth's deletion for linear probing).
    private mutating func clear(_ slot: Int) {
        let mask = slots.count - 1
        var hole = slot
        var position = slot
        while true {
            position = (position + 1) & mask
            let value = slots[position]
            if value == 0 { break }
            let wanted = home(entries[Int(value) - 1].high)
            // The entry may fill the hole unless its home lies cyclically in (hole, position].
            let homeAfterHole =
                hole <= position
                ? (wanted > hole && wanted <= position)
                : (wanted > hole || wanted <= position)
            if !homeAfterHole {
                slots[hole] = value
                hole = position
            }
        }
        slots[hole] = 0
    }

    /// Doubles the index and places every entry again.
    private mutating func growIndex() {
        let size = max(4, slots.count * 2)
        slots = Array(repeating: 0, count: size)
        shift = 64 - size.trailingZeroBitCount
        for index in entries.indices { place(UInt32(index + 1)) }
    }

    /// Bytes held: the entries asked for and the index.
    var memoryBytes: Int {
        reservedEntries * MemoryLayout<Entry>.stride + slots.count * MemoryLayout<UInt32>.stride
    }

    /// Whether two tables share storage (then they are certainly equal).
    func sharesStorage(with other: SessionHashTable) -> Bool {
        entries.withUnsafeBufferPointer { a in
            other.entries.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress }
        }
            && entries.count == other.entries.count
    }
}
