/// One `Set-Cookie` header parsed as RFC 6265 section 5.2 says: a name, a value and the
/// attributes in the order they appeared. Deciding what to store is the jar's job (5.3).
public struct SetCookie: Equatable, Sendable {
    /// One recognised attribute. Unknown attributes are dropped by the parser, as 5.2 says.
    public enum Attribute: Equatable, Sendable {
        /// Unix seconds; already parsed by the cookie-date algorithm.
        case expires(Int64)
        /// Seconds; zero or less means "expire now".
        case maxAge(Int64)
        /// Lower-cased, without a leading dot; never empty.
        case domain(String)
        /// Always starts with `/` (an invalid value was replaced by the default path).
        case path(String)
        case secure
        case httpOnly
        /// RFC 6265bis: an unrecognised value is dropped (the cookie then has none).
        case sameSite(CookieSameSite)
    }

    public var name: String
    public var value: String
    public var attributes: [Attribute]

    public init(name: String, value: String, attributes: [Attribute] = []) {
        self.name = name
        self.value = value
        self.attributes = attributes
    }

    /// Parses a header value. Returns nil when 5.2 says to ignore the header entirely:
    /// no `=` in the name-value pair, or an empty name.
    ///
    /// - Parameter requestPath: the path of the request the header answered; needed for
    ///   the default path of a `Path` attribute that is empty or not absolute.
    public init?(parsing header: String, requestPath: String) {
        let bytes = Array(header.utf8)
        let semicolon = bytes.firstIndex(of: UInt8(ascii: ";"))
        let pair = bytes[..<(semicolon ?? bytes.endIndex)]
        guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else { return nil }
        let name = Self.trim(pair[..<equals])
        guard !name.isEmpty else { return nil }
        self.name = String(decoding: name, as: UTF8.self)
        self.value = String(decoding: Self.trim(pair[(equals + 1)...]), as: UTF8.self)
        self.attributes = []
        guard let semicolon else { return }
        for av in bytes[(semicolon + 1)...].split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false) {
            let equals = av.firstIndex(of: UInt8(ascii: "="))
            let attrName = String(decoding: Self.trim(av[..<(equals ?? av.endIndex)]), as: UTF8.self).lowercased()
            let attrValue = equals.map { String(decoding: Self.trim(av[($0 + 1)...]), as: UTF8.self) } ?? ""
            if let attribute = Self.attribute(name: attrName, value: attrValue, requestPath: requestPath) {
                attributes.append(attribute)
            }
        }
    }

    /// Removes leading and trailing WSP (space and horizontal tab only).
    private static func trim(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return slice
    }

    private static func attribute(name: String, value: String, requestPath: String) -> Attribute? {
        switch name {
        case "expires":
            return CookieDate.parse(value).map(Attribute.expires)
        case "max-age":
            guard let first = value.utf8.first, first == UInt8(ascii: "-") || (0x30...0x39).contains(first) else {
                return nil
            }
            let digits = first == UInt8(ascii: "-") ? value.utf8.dropFirst() : value.utf8[...]
            guard !digits.isEmpty, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            // A value too large for Int64 still means "very far in the future".
            let magnitude = Int64(String(decoding: digits, as: UTF8.self)) ?? Int64.max / 2
            return .maxAge(first == UInt8(ascii: "-") ? -magnitude : magnitude)
        case "domain":
            // An empty Domain attribute is ignored (5.2.3 leaves it undefined).
            guard !value.isEmpty else { return nil }
            let stripped = value.hasPrefix(".") ? String(value.dropFirst()) : value
            return .domain(stripped.lowercased())
        case "path":
            guard value.hasPrefix("/") else { return .path(CookieJar.defaultPath(of: requestPath)) }
            return .path(value)
        case "secure": return .secure
        case "httponly": return .httpOnly
        case "samesite":
            switch value.lowercased() {
            case "strict": return .sameSite(.strict)
            case "lax": return .sameSite(.lax)
            case "none": return .sameSite(.none)
            default: return nil
            }
        default: return nil
        }
    }
}
