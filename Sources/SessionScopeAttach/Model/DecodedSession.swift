import Foundation

/// What a decoder read out of one stored session: its attributes in the stored order, and the
/// times the format keeps beside them. Who the user is gets worked out afterwards, from the
/// attributes and the format's user fields.
public struct DecodedSession: Equatable, Sendable {
    /// The attributes: names and values (a value that is named, not decoded, is `.opaque`).
    public var attributes: [SessionValue.Entry]
    public var created: Date?
    public var lastAccess: Date?
    /// When the format itself says the session ends (a cookie's `expires`, Django's `expire_date`).
    public var expires: Date?
    /// The user when the format names it outside the attributes (Spring's principal index).
    public var user: String?
    /// Something the reader should know, e.g. that Django's signature was not checked.
    public var note: String?

    public init(
        attributes: [SessionValue.Entry] = [], created: Date? = nil, lastAccess: Date? = nil, expires: Date? = nil,
        user: String? = nil, note: String? = nil
    ) {
        self.attributes = attributes
        self.created = created
        self.lastAccess = lastAccess
        self.expires = expires
        self.user = user
        self.note = note
    }

    /// The attributes as one map value, for path look-ups.
    public var map: SessionValue { .map(attributes) }

    /// The attribute names as text.
    public var attributeNames: [String] { attributes.map { $0.key.text ?? $0.key.rendered } }

    /// The first of `fields` (dotted paths) that holds something that reads as a user name.
    public func user(from fields: [String]) -> String? {
        for field in fields {
            if let name = map.value(at: field)?.userName { return name }
        }
        return nil
    }
}

/// Why a stored value could not be decoded, in words for the row's note.
public struct DecodeFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A value as a store holds it, before decoding.
public enum RawSession: Equatable, Sendable {
    /// A Redis string (connect-redis, Flask-Session, phpredis, Rails) or a SQL text column.
    case string([UInt8])
    /// A Redis hash (Spring Session, sessionscope), fields in the order the server gave them.
    case hash([(field: [UInt8], value: [UInt8])])

    public static func == (a: RawSession, b: RawSession) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y
        case (.hash(let x), .hash(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.field == $1.field && $0.value == $1.value }
        case (.string, .hash), (.hash, .string): return false
        }
    }

    /// The stored size in bytes: the value, or every field and value of a hash.
    public var byteCount: Int {
        switch self {
        case .string(let bytes): return bytes.count
        case .hash(let pairs): return pairs.reduce(0) { $0 + $1.field.count + $1.value.count }
        }
    }

    /// The raw value as text for the detail view: printable bytes as they are, others as `\xNN`.
    public var shown: String {
        switch self {
        case .string(let bytes): return Self.escape(bytes)
        case .hash(let pairs):
            return pairs.map { Self.escape($0.field) + " = " + Self.escape($0.value) }.joined(separator: "\n")
        }
    }

    static func escape(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self),
            !text.unicodeScalars.contains(where: {
                $0.value < 0x20 && $0 != "\n" && $0 != "\t"
            })
        {
            return text
        }
        var out = ""
        for byte in bytes {
            if byte >= 0x20 && byte < 0x7f && byte != UInt8(ascii: "\\") {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "\\x" + String(byte, radix: 16).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
