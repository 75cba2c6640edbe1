/// A 128-bit session id, shown as 32 lower-case hex digits.
///
/// Kept as two integers rather than a `String` so that a session table of a million
/// entries holds 16 bytes per key instead of a heap-allocated string.
public struct SessionID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// A new id drawn from the world's seeded generator.
    public init(using generator: inout SplitMix64) {
        self.init(high: generator.next(), low: generator.next())
    }

    /// Parses 32 hex digits (either case); nil for anything else, which is how a
    /// forged or malformed cookie value is recognised.
    public init?(hex: String) {
        var text = hex
        // One pass over contiguous UTF-8: this runs on every simulated request.
        guard let parsed = text.withUTF8(Self.parse) else { return nil }
        self = parsed
    }

    public init?(hex: Substring) { self.init(hex: String(hex)) }

    /// Parses 32 hex digits given as UTF-8 bytes (a cookie value read in place).
    public init?(hexBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard let parsed = Self.parse(bytes) else { return nil }
        self = parsed
    }

    /// Hex digit values by byte; 0xFF for anything that is not a hex digit.
    private static let nibbles: [UInt8] = (0...255).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt8(byte) - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt8(byte) - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt8(byte) - UInt8(ascii: "A") + 10
        default: return 0xFF
        }
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> SessionID? {
        guard bytes.count == 32 else { return nil }
        return nibbles.withUnsafeBufferPointer { table -> SessionID? in
            func half(_ start: Int) -> UInt64? {
                var value: UInt64 = 0
                var invalid: UInt8 = 0
                for position in start..<start + 16 {
                    let nibble = table[Int(bytes[position])]
                    invalid |= nibble & 0xF0
                    value = value << 4 | UInt64(nibble & 0x0F)
                }
                return invalid == 0 ? value : nil
            }
            guard let high = half(0), let low = half(16) else { return nil }
            return SessionID(high: high, low: low)
        }
    }

    /// Ids come from a good generator, so one mix of both halves hashes as well as two.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(high ^ (low &* 0x9E37_79B9_7F4A_7C15))
    }

    public static func < (lhs: SessionID, rhs: SessionID) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    /// The full id as sent in the cookie: 32 digits written straight into the string's
    /// storage (every new session's `Set-Cookie` needs it).
    public var description: String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            let digits: StaticString = "0123456789abcdef"
            func write(_ value: UInt64, at offset: Int) {
                for position in 0..<16 {
                    buffer[offset + position] = digits.utf8Start[Int(value >> UInt64(60 - 4 * position) & 0xF)]
                }
            }
            write(high, at: 0)
            write(low, at: 16)
            return 32
        }
    }

    /// The first eight digits and an ellipsis, for tables and narration.
    public var short: String { String(description.prefix(8)) + "…" }
}
