import Foundation

/// One decoder per format: a pure function from the stored value to a decoded session, or
/// the reason it could not be decoded. None of them traps on garbage.
public enum SessionDecoders {
    public static func decode(_ raw: RawSession, as format: AttachFormat) -> Result<DecodedSession, DecodeFailure> {
        do {
            switch (format, raw) {
            case (.connectRedis, .string(let bytes)): return .success(try connectRedis(bytes))
            case (.flaskSession, .string(let bytes)): return .success(try flaskSession(bytes))
            case (.phpRedis, .string(let bytes)):
                return .success(DecodedSession(attributes: try PHPSessionDecoder.decode(bytes)))
            case (.rails, .string(let bytes)): return .success(try rails(bytes))
            case (.django, .string(let bytes)): return .success(try DjangoSessionDecoder.decode(bytes))
            case (.springSession, .hash(let fields)): return .success(spring(fields))
            case (.sessionscope, .hash(let fields)): return .success(sessionscope(fields))
            case (.springSession, .string), (.sessionscope, .string):
                return .failure(DecodeFailure("a string, not the hash \(format.rawValue) stores"))
            case (.connectRedis, .hash), (.flaskSession, .hash), (.phpRedis, .hash), (.rails, .hash), (.django, .hash):
                return .failure(DecodeFailure("a hash, not the string \(format.rawValue) stores"))
            case (.auto, _): return .failure(DecodeFailure("no format"))
            }
        } catch {
            return .failure(error)
        }
    }

    /// express-session's JSON: the attributes, with `cookie.expires` as the expiry.
    static func connectRedis(_ bytes: [UInt8]) throws(DecodeFailure) -> DecodedSession {
        guard case .map(let entries) = try JSONValueDecoder.decode(bytes) else {
            throw DecodeFailure("JSON, but not an object")
        }
        var session = DecodedSession(attributes: entries)
        // express-session always stores the cookie beside the data.
        guard session.map["cookie"] != nil else { throw DecodeFailure("JSON without express-session's cookie") }
        if let expires = session.map.value(at: "cookie.expires")?.text { session.expires = ISODates.parse(expires) }
        return session
    }

    /// Flask-Session: msgpack (0.7 and later, the default) or JSON; pickle (older) is named.
    static func flaskSession(_ bytes: [UInt8]) throws(DecodeFailure) -> DecodedSession {
        if bytes.first == 0x80 { throw DecodeFailure("Python pickle (Flask-Session before 0.7): not decoded") }
        let value: SessionValue
        if bytes.first == UInt8(ascii: "{") {
            value = try JSONValueDecoder.decode(bytes)
        } else {
            value = try MsgpackDecoder.decode(bytes)
        }
        guard case .map(let entries) = value else { throw DecodeFailure("not a map of session values") }
        return DecodedSession(attributes: entries)
    }

    /// redis-session-store / redis-rack: Ruby Marshal (their default) or JSON.
    static func rails(_ bytes: [UInt8]) throws(DecodeFailure) -> DecodedSession {
        let value =
            bytes.starts(with: [4, 8]) ? try RubyMarshalDecoder.decode(bytes) : try JSONValueDecoder.decode(bytes)
        guard case .map(let entries) = value else { throw DecodeFailure("not a hash of session values") }
        return DecodedSession(attributes: entries)
    }

    /// Spring Session's hash: its three times (Java-serialized numbers by default, plain text
    /// with a string serializer) and `sessionAttr:NAME` attributes, named by their Java class.
    static func spring(_ fields: [(field: [UInt8], value: [UInt8])]) -> DecodedSession {
        var session = DecodedSession()
        var maxInactive: Int64?
        for (rawField, value) in fields {
            let field = String(decoding: rawField, as: UTF8.self)
            switch field {
            case "creationTime": session.created = JavaSerialization.number(value).map(ISODates.fromMilliseconds)
            case "lastAccessedTime":
                session.lastAccess = JavaSerialization.number(value).map(ISODates.fromMilliseconds)
            case "maxInactiveInterval": maxInactive = JavaSerialization.number(value)
            default:
                guard field.hasPrefix("sessionAttr:") else { continue }
                let name = String(field.dropFirst("sessionAttr:".count))
                let kind: SessionValue
                if let text = JavaSerialization.string(value), JavaSerialization.isSerialized(value) {
                    kind = .string(text)
                } else {
                    kind = .opaque(JavaSerialization.className(value) ?? "\(value.count) bytes")
                }
                session.attributes.append(SessionValue.Entry(.string(name), kind))
            }
        }
        if let last = session.lastAccess, let maxInactive, maxInactive > 0 {
            session.expires = last.addingTimeInterval(TimeInterval(maxInactive))
        }
        return session
    }

    /// sessionscope's own hash: user, created and last access on the virtual clock (milliseconds
    /// from the world's start, anchored at 2026-01-01T00:00:00Z), client ip.
    static func sessionscope(_ fields: [(field: [UInt8], value: [UInt8])]) -> DecodedSession {
        var session = DecodedSession()
        let anchor = Date(timeIntervalSince1970: 1_767_225_600)
        for (rawField, rawValue) in fields {
            let field = String(decoding: rawField, as: UTF8.self)
            let value = String(decoding: rawValue, as: UTF8.self)
            switch field {
            case "created": session.created = Int64(value).map { anchor.addingTimeInterval(Double($0) / 1000) }
            case "last": session.lastAccess = Int64(value).map { anchor.addingTimeInterval(Double($0) / 1000) }
            default: break
            }
            session.attributes.append(SessionValue.Entry(.string(field), .string(value)))
        }
        return session
    }
}

/// ISO 8601 times in and out (JSON output, express-session's `cookie.expires`).
public enum ISODates {
    public static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    static func fromMilliseconds(_ ms: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(ms) / 1000) }
}
