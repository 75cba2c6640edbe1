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

    /// Parses 32 hex digits, eight at a time: every simulated request parses its session
    /// cookie, and a table lookup per digit cost about a twentieth of a request.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> SessionID? {
        guard bytes.count == 32, let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        guard let a = eightDigits(raw), let b = eightDigits(raw + 8), let c = eightDigits(raw + 16),
            let d = eightDigits(raw + 24)
        else { return nil }
        return SessionID(high: a << 32 | b, low: c << 32 | d)
    }

    /// The value of eight hex digits (either case) at `pointer`, nil if any byte is not one.
    /// All eight bytes are checked and converted at once, as lanes of one 64-bit word: a
    /// lane's top bit after adding a constant says whether the byte is at least some bound.
    @inline(__always)
    private static func eightDigits(_ pointer: UnsafeRawPointer) -> UInt64? {
        // The first digit in the lowest lane.
        let word = UInt64(littleEndian: pointer.loadUnaligned(as: UInt64.self))
        let lanes: UInt64 = 0x0101_0101_0101_0101
        let top = lanes &* 0x80
        let lowNibbles = lanes &* 0x0F
        // Bytes above 0x7F are never digits; below it, no lane's sum below carries over.
        guard word & top == 0 else { return nil }
        let digit = (word &+ lanes &* (0x80 - 0x30)) & ~(word &+ lanes &* (0x80 - 0x3A)) & top
        let folded = word | (lanes &* 0x20)  // 'A'-'F' → 'a'-'f'; digits keep their value
        let letter = (folded &+ lanes &* (0x80 - 0x61)) & ~(folded &+ lanes &* (0x80 - 0x67)) & top
        guard digit | letter == top else { return nil }
        // A digit's value is its low nibble; a letter's, its low nibble plus nine.
        var value = (word & lowNibbles) &+ (letter >> 7) &* 9
        // Lanes to nibbles, the first digit highest: pairs of lanes, then pairs of those.
        value = value.byteSwapped
        value = (value | value >> 4) & 0x00FF_00FF_00FF_00FF
        value = (value | value >> 8) & 0x0000_FFFF_0000_FFFF
        value = (value | value >> 16) & 0x0000_0000_FFFF_FFFF
        return value
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
