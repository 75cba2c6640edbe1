import Foundation

/// The few Java-serialized values Spring Session's default `JdkSerializationRedisSerializer`
/// writes for its own fields: `java.lang.Long` (times) and `java.lang.Integer` (the interval).
/// Anything else is named by its class (attribute values are named, not decoded).
enum JavaSerialization {
    static let magic: [UInt8] = [0xAC, 0xED, 0x00, 0x05]

    /// True when the bytes start with the Java serialization stream header.
    static func isSerialized(_ bytes: [UInt8]) -> Bool { bytes.starts(with: magic) }

    /// The class of the top-level object (`TC_OBJECT TC_CLASSDESC name`), or the kind of value.
    static func className(_ bytes: [UInt8]) -> String? {
        guard isSerialized(bytes), bytes.count > 6 else { return nil }
        switch bytes[4] {
        case 0x74, 0x7C: return "java.lang.String"
        case 0x75: return "array"
        case 0x73:
            guard bytes.count > 8, bytes[5] == 0x72 else { return "object" }
            let length = Int(bytes[6]) << 8 | Int(bytes[7])
            guard bytes.count >= 8 + length else { return nil }
            return String(decoding: bytes[8..<8 + length], as: UTF8.self)
        default: return "object"
        }
    }

    /// A `java.lang.Long` or `java.lang.Integer` (its value field is the last 8 or 4 bytes), or
    /// plain decimal text (Spring's string serializer).
    static func number(_ bytes: [UInt8]) -> Int64? {
        guard isSerialized(bytes) else {
            return Int64(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces))
        }
        let width: Int
        switch className(bytes) {
        case "java.lang.Long": width = 8
        case "java.lang.Integer": width = 4
        default: return nil
        }
        guard bytes.count >= 30 + width else { return nil }
        var value: UInt64 = 0
        for b in bytes.suffix(width) { value = value << 8 | UInt64(b) }
        return width == 8 ? Int64(bitPattern: value) : Int64(Int32(truncatingIfNeeded: value))
    }

    /// A serialized `java.lang.String` (`TC_STRING`, two-byte length), or plain text.
    static func string(_ bytes: [UInt8]) -> String? {
        guard isSerialized(bytes) else { return String(validating: bytes, as: UTF8.self) }
        guard bytes.count >= 7, bytes[4] == 0x74 else { return nil }
        let length = Int(bytes[5]) << 8 | Int(bytes[6])
        guard bytes.count >= 7 + length else { return nil }
        return String(validating: bytes[7..<7 + length], as: UTF8.self)
    }
}
