import SessionScopeCore
import Testing

/// How the application reads one cookie out of a `Cookie` header (in place, over bytes).
@Test(
    arguments: [
        ("SID=abc", "SID", "abc"),
        ("LB=server-1; SID=abc", "SID", "abc"),
        ("SIDX=1; SID=abc", "SID", "abc"),
        ("XSID=1;SID=abc", "SID", "abc"),
        ("SID=first; SID=second", "SID", "first"),
        ("SID=", "SID", ""),
        ("SID=abc;  LB=server-2", "LB", "server-2"),
        ("SID", "SID", nil),
        ("S=1; SI=2", "SID", nil),
        ("", "SID", nil),
    ] as [(String, String, String?)])
func cookieValueIsReadFromTheHeader(header: String, name: String, expected: String?) {
    let request = HTTPRequest(method: .get, path: "/me", cookieHeader: header)
    #expect(request.cookie(named: name) == expected)
}

@Test func aRequestWithoutCookieHeaderHasNoCookie() {
    #expect(HTTPRequest(method: .get, path: "/").cookie(named: "SID") == nil)
}

@Test func sessionIDsParseFromBytesInEitherCase() {
    var upper = "0123456789ABCDEF0123456789abcdef"
    let id = upper.withUTF8 { SessionID(hexBytes: $0) }
    #expect(id == SessionID(high: 0x0123_4567_89AB_CDEF, low: 0x0123_4567_89AB_CDEF))
    var short = "0123"
    #expect(short.withUTF8 { SessionID(hexBytes: $0) } == nil)
    var wrong = "0123456789abcdef0123456789abcdeg"
    #expect(wrong.withUTF8 { SessionID(hexBytes: $0) } == nil)
}

/// The id parser reads eight digits at a time: every byte value at every position of seeded
/// ids (in mixed case) is checked against a digit-by-digit reading, so no lane of the word
/// can let a non-digit through or misread a digit.
@Test func sessionIDsParseEveryByteAtEveryPositionAsADigitByDigitReadingWould() {
    func reference(_ bytes: [UInt8]) -> SessionID? {
        var halves: [UInt64] = [0, 0]
        for (position, byte) in bytes.enumerated() {
            guard let digit = Character(UnicodeScalar(byte)).hexDigitValue, byte < 0x80 else { return nil }
            halves[position / 16] = halves[position / 16] << 4 | UInt64(digit)
        }
        return SessionID(high: halves[0], low: halves[1])
    }
    var random = SplitMix64(seed: 11)
    var rejected = 0
    for _ in 0..<20 {
        var bytes = Array(SessionID(using: &random).description.utf8)
        for position in bytes.indices where bytes[position] >= UInt8(ascii: "a") && random.next() % 2 == 0 {
            bytes[position] -= 0x20  // upper case
        }
        #expect(bytes.withUnsafeBufferPointer { SessionID(hexBytes: $0) } == reference(bytes))
        for position in bytes.indices {
            let kept = bytes[position]
            for byte in UInt8.min...UInt8.max {
                bytes[position] = byte
                let parsed = bytes.withUnsafeBufferPointer { SessionID(hexBytes: $0) }
                if parsed != reference(bytes) {
                    Issue.record("byte \(byte) at \(position) of \(String(decoding: bytes, as: UTF8.self))")
                    return
                }
                if parsed == nil { rejected += 1 }
            }
            bytes[position] = kept
        }
    }
    // Both outcomes were exercised: 22 of the 256 bytes are hex digits.
    #expect(rejected == 20 * 32 * (256 - 22))
}
