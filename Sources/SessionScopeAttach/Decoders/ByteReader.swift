/// A cursor over bytes for the decoders: every read checks the bounds and throws a
/// `DecodeFailure` instead of trapping, so garbage never crashes a reader.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset: Int
    /// How deep nested values may go before the value is called garbage (no stack overflow).
    static let maxDepth = 64

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var isAtEnd: Bool { offset >= bytes.count }
    var remaining: Int { bytes.count - offset }

    func fail(_ what: String) -> DecodeFailure { DecodeFailure("\(what) at byte \(offset)") }

    func peek() throws(DecodeFailure) -> UInt8 {
        guard offset < bytes.count else { throw fail("unexpected end") }
        return bytes[offset]
    }

    mutating func byte() throws(DecodeFailure) -> UInt8 {
        let b = try peek()
        offset += 1
        return b
    }

    mutating func take(_ count: Int) throws(DecodeFailure) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw fail("length \(count) runs past the end") }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    /// A big-endian unsigned integer of `width` bytes.
    mutating func bigEndian(_ width: Int) throws(DecodeFailure) -> UInt64 {
        var value: UInt64 = 0
        for b in try take(width) { value = value << 8 | UInt64(b) }
        return value
    }

    mutating func expect(_ byte: UInt8) throws(DecodeFailure) {
        let found = try self.byte()
        guard found == byte else {
            throw DecodeFailure("expected '\(Character(Unicode.Scalar(byte)))' at byte \(offset - 1)")
        }
    }

    /// ASCII digits (with an optional sign) up to `terminator`, which is consumed.
    mutating func integer(until terminator: UInt8) throws(DecodeFailure) -> Int64 {
        let start = offset
        while try peek() != terminator { offset += 1 }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        offset += 1
        guard let value = Int64(text) else { throw DecodeFailure("bad number '\(text.prefix(20))' at byte \(start)") }
        return value
    }

    /// Text up to `terminator`, which is consumed.
    mutating func text(until terminator: UInt8) throws(DecodeFailure) -> String {
        let start = offset
        while try peek() != terminator { offset += 1 }
        defer { offset += 1 }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }
}

extension SessionValue {
    /// Bytes as a string when they are UTF-8, else as bytes.
    static func text(_ bytes: some Collection<UInt8>) -> SessionValue {
        if let s = String(validating: bytes, as: UTF8.self) { return .string(s) }
        return .bytes(Array(bytes))
    }
}
