/// A value read out of another application's session, whatever its serializer: JSON, msgpack,
/// PHP's session format, Ruby's Marshal. Enough structure to show it and to find the user.
public indirect enum SessionValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case list([SessionValue])
    case map([Entry])
    /// Something named but not decoded (a Java object, a Ruby object): its class or kind.
    case opaque(String)

    /// One key and value of a map, in the order the serializer wrote them.
    public struct Entry: Equatable, Sendable {
        public var key: SessionValue
        public var value: SessionValue
        public init(_ key: SessionValue, _ value: SessionValue) {
            self.key = key
            self.value = value
        }
    }

    /// The value under `name` in a map (a string key, or an integer key written as text).
    public subscript(name: String) -> SessionValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key.text == name }?.value
    }

    /// The value at a dotted path (`passport.user`); a name with dots of its own is tried whole first.
    public func value(at path: String) -> SessionValue? {
        if let whole = self[path] { return whole }
        var current: SessionValue? = self
        for part in path.split(separator: ".") { current = current?[String(part)] }
        return current
    }

    /// The value as a short piece of text: strings and numbers as they are, nil for the rest.
    public var text: String? {
        switch self {
        case .string(let s): return s
        case .integer(let i): return String(i)
        case .double(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .bool(let b): return b ? "true" : "false"
        case .bytes(let b): return String(validating: b, as: UTF8.self)
        case .null, .list, .map, .opaque: return nil
        }
    }

    /// The value as a user name: text, or the first piece of text inside a list (Devise's
    /// `warden.user.user.key` is `[[42], "salt"]`).
    public var userName: String? {
        if let text, !text.isEmpty { return text }
        if case .list(let items) = self, let first = items.first { return first.userName }
        return nil
    }

    /// One line for the detail view: strings quoted, maps and lists spelled out, long ones cut.
    public var rendered: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return "\"" + s + "\""
        case .bytes(let b):
            if let s = String(validating: b, as: UTF8.self) { return "\"" + s + "\"" }
            return "<\(b.count) bytes>"
        case .list(let items): return "[" + items.map(\.rendered).joined(separator: ", ") + "]"
        case .map(let entries):
            return "{"
                + entries.map { ($0.key.text ?? $0.key.rendered) + ": " + $0.value.rendered }.joined(
                    separator: ", ") + "}"
        case .opaque(let kind): return "<\(kind)>"
        }
    }
}
