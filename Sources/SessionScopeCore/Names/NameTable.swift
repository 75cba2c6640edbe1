/// Names numbered in the order they were first added (0, 1, 2, …) and found again by name:
/// the world's browsers, and each session table's user names.
///
/// An insert-only open-addressing table of 4-byte slots over the names array. Two reasons
/// not to use `[String: Int]`: a `Dictionary` lookup seeds and finalises SipHash each time
/// (the browser lookup starts every simulated request), and it keeps a 16-byte key and the
/// value in every one of its power-of-two slots: a million distinct user names cost 58
/// bytes each that way, and 24 here (the name itself, inline up to 15 UTF-8 bytes, and a
/// share of the index). Names come from scenarios and the UI, not from an attacker who
/// could aim for collisions.
struct NameTable: Sendable {
    /// The names, by number.
    private(set) var names: [String] = []
    /// Linear probing over a power-of-two array, at most three quarters full: 0 is empty,
    /// otherwise 1 + a number.
    private var slots: [UInt32] = []
    /// 64 − log2(slots.count).
    private var shift = 64

    init() {}

    var count: Int { names.count }

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

    /// The home slot of a hash. FNV-1a's low bits depend only on the bytes' low bits
    /// (multiplication carries upwards only), and names like `guest-123456` differ in few
    /// of them: taking the low bits piled a million guests into long probe runs. A
    /// multiply and the top bits spread them.
    @inline(__always)
    private func home(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
    }

    /// The number of a name, if it has been added.
    func number(of name: String) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var position = home(Self.hash(name))
        return names.withUnsafeBufferPointer { names in
            while true {
                let value = slots[position]
                if value == 0 { return nil }
                if names[Int(value) - 1] == name { return Int(value) - 1 }
                position = (position + 1) & mask
            }
        }
    }

    /// Adds a name that is not in the table yet and returns its number (the next one).
    @discardableResult
    mutating func add(_ name: String) -> Int {
        names.append(name)
        if names.count * 4 > slots.count * 3 {
            slots = Array(repeating: 0, count: max(8, slots.count * 2))
            shift = 64 - slots.count.trailingZeroBitCount
            for (number, existing) in names.enumerated() { place(existing, number) }
        } else {
            place(name, names.count - 1)
        }
        return names.count - 1
    }

    private mutating func place(_ name: String, _ number: Int) {
        let mask = slots.count - 1
        var position = home(Self.hash(name))
        while slots[position] != 0 { position = (position + 1) & mask }
        slots[position] = UInt32(number + 1)
    }

    /// Bytes held: the names array by count and the index (long names' heap buffers are the
    /// caller's to count).
    var memoryBytes: Int {
        names.count * MemoryLayout<String>.stride + slots.count * MemoryLayout<UInt32>.stride
    }
}
