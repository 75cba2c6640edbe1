/// Browser names to their index in the world's `browsers`: the lookup every request starts
/// with.
///
/// An insert-only open-addressing table hashed with FNV-1a over the name's bytes, because a
/// `Dictionary` lookup seeds and finalises SipHash each time, and that was a visible share
/// of a simulated request. Names come from scenarios and the UI, not from an attacker who
/// could aim for collisions. Browsers are never removed (a `cluster` starts a new world).
struct BrowserDirectory: Sendable {
    private struct Slot: Sendable {
        var hash: UInt64
        /// 1 + the browser's index; 0 for an empty slot.
        var index: UInt32
    }

    private var slots: [Slot] = []
    private var names: [String] = []
    /// 64 − log2(slots.count).
    private var shift = 64

    init() {}

    var count: Int { names.count }

    /// The home slot of a hash. FNV-1a's low bits depend only on the bytes' low bits
    /// (multiplication carries upwards only), and names like `guest-123456` differ in few
    /// of them: taking the low bits piled a million guests into long probe runs. A
    /// multiply and the top bits spread them.
    @inline(__always)
    private func home(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
    }

    /// FNV-1a over the UTF-8 bytes (read contiguously: iterating `utf8` costs far more).
    private static func hash(_ name: String) -> UInt64 {
        var name = name
        return name.withUTF8 { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes {
                hash ^= UInt64(byte)
                hash &*= 0x100_0000_01b3
            }
            return hash
        }
    }

    /// The index of the browser with that name.
    subscript(name: String) -> Int? {
        guard !slots.isEmpty else { return nil }
        let hash = Self.hash(name)
        let mask = slots.count - 1
        var position = home(hash)
        while true {
            let slot = slots[position]
            if slot.index == 0 { return nil }
            if slot.hash == hash, names.withUnsafeBufferPointer({ $0[Int(slot.index) - 1] == name }) {
                return Int(slot.index) - 1
            }
            position = (position + 1) & mask
        }
    }

    /// Adds a name that is not in the directory yet; its index is the next one.
    mutating func append(_ name: String) {
        names.append(name)
        if names.count * 2 > slots.count {
            // At most half full, so that a miss ends soon.
            slots = Array(repeating: Slot(hash: 0, index: 0), count: max(8, slots.count * 2))
            shift = 64 - slots.count.trailingZeroBitCount
            for (index, existing) in names.enumerated() { place(Self.hash(existing), index) }
        } else {
            place(Self.hash(name), names.count - 1)
        }
    }

    private mutating func place(_ hash: UInt64, _ index: Int) {
        let mask = slots.count - 1
        var position = home(hash)
        while slots[position].index != 0 { position = (position + 1) & mask }
        slots[position] = Slot(hash: hash, index: UInt32(index + 1))
    }
}
