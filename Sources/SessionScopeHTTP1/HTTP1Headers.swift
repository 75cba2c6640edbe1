/// A message's header fields in the order they came, names as sent; lookups ignore ASCII
/// case without making lower-cased copies (they run on every request).
public struct HTTP1Headers: Sendable, Sequence {
    public typealias Element = (name: String, value: String)
    public private(set) var fields: [Element]

    public init(_ fields: [(String, String)] = []) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    public var count: Int { fields.count }

    public mutating func add(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// The first value of the field `name`, if any.
    public func first(name: String) -> String? {
        for field in fields where field.name.equalsASCIICaseInsensitive(name) { return field.value }
        return nil
    }

    /// Every value of the field `name`, in order.
    public subscript(name: String) -> [String] {
        var values: [String] = []
        for field in fields where field.name.equalsASCIICaseInsensitive(name) { values.append(field.value) }
        return values
    }

    /// How many times the field `name` is given.
    public func count(name: String) -> Int {
        var count = 0
        for field in fields where field.name.equalsASCIICaseInsensitive(name) { count += 1 }
        return count
    }

    /// Whether a comma-separated list field (`Connection`, `Transfer-Encoding`) names `token`.
    public func listContains(name: String, token: String) -> Bool {
        self[name].contains { value in
            value.split(separator: ",").contains { $0.trimmingOWS.equalsASCIICaseInsensitive(token) }
        }
    }

    public func makeIterator() -> IndexingIterator<[Element]> { fields.makeIterator() }
}

extension String {
    /// ASCII case-insensitive equality (header names and tokens are ASCII), byte by byte
    /// over the strings' UTF-8 storage: it runs for every header of every message.
    public func equalsASCIICaseInsensitive(_ other: String) -> Bool {
        let fast = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in
                guard a.count == b.count else { return false }
                for i in 0..<a.count where HTTP1Bytes.lower(a[i]) != HTTP1Bytes.lower(b[i]) { return false }
                return true
            }
        }
        if let fast, let equal = fast { return equal }
        return Substring(self).equalsASCIICaseInsensitive(Substring(other))
    }
}

extension StringProtocol {
    /// ASCII case-insensitive equality (header names and tokens are ASCII), byte by byte.
    public func equalsASCIICaseInsensitive(_ other: some StringProtocol) -> Bool {
        var a = utf8.makeIterator()
        var b = other.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return true
            case (let x?, let y?): if HTTP1Bytes.lower(x) != HTTP1Bytes.lower(y) { return false }
            default: return false
            }
        }
    }

    /// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
    var trimmingOWS: Substring {
        let text = Substring(self)
        guard let first = text.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let last = text.lastIndex(where: { $0 != " " && $0 != "\t" }) ?? first
        return text[first...last]
    }
}
