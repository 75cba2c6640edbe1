/// The byte classes of RFC 9110 and 9112 that framing needs.
enum HTTP1Bytes {
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10
    static let space: UInt8 = 32
    static let tab: UInt8 = 9
    static let colon: UInt8 = 58

    static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

    /// `tchar`: the characters of a token (methods, header names).
    static func isTokenChar(_ byte: UInt8) -> Bool { tokenTable[Int(byte)] }

    private static let tokenTable: [Bool] = (0..<256).map { value in
        let byte = UInt8(value)
        if byte >= 48 && byte <= 57 || byte >= 65 && byte <= 90 || byte >= 97 && byte <= 122 { return true }
        return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
    }

    /// A byte a field value may hold: visible ASCII, space, tab, or obs-text (0x80 and up).
    static func isFieldValueByte(_ byte: UInt8) -> Bool { byte >= 32 && byte != 127 || byte == tab }

    /// A byte a request target may hold: visible ASCII (RFC 3986 characters, percent-encoded
    /// beyond), no space, control or byte above 127.
    static func isTargetByte(_ byte: UInt8) -> Bool { byte > 32 && byte < 127 }

    static func isSchemeByte(_ byte: UInt8, first: Bool) -> Bool {
        let letter = byte >= 65 && byte <= 90 || byte >= 97 && byte <= 122
        if first { return letter }
        return letter || byte >= 48 && byte <= 57 || byte == 43 || byte == 45 || byte == 46
    }

    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 48...57: Int(byte - 48)
        case 65...70: Int(byte - 55)
        case 97...102: Int(byte - 87)
        default: nil
        }
    }
}
