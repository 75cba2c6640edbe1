/// The parts of an `http` or `https` URL that cookies care about.
public struct RequestURL: Equatable, Sendable, CustomStringConvertible {
    public var secure: Bool
    /// Lower-cased host name or IP address literal.
    public var host: String
    public var port: Int?
    /// The path, always starting with `/`, without query or fragment.
    public var path: String

    public init(secure: Bool = false, host: String, port: Int? = nil, path: String = "/") {
        self.secure = secure
        self.host = host.lowercased()
        self.port = port
        self.path = path
    }

    /// Parses `http://host[:port][/path][?query][#fragment]`; nil when it is not such a URL.
    public init?(parsing text: String) {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("http://") {
            secure = false
            rest = text.dropFirst(7)
        } else if lower.hasPrefix("https://") {
            secure = true
            rest = text.dropFirst(8)
        } else {
            return nil
        }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var hostPart = authority
        port = nil
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            guard let number = Int(authority[authority.index(after: colon)...]), (0...65535).contains(number) else {
                return nil
            }
            port = number
            hostPart = authority[..<colon]
        }
        guard !hostPart.isEmpty, !hostPart.contains("@") else { return nil }
        host = hostPart.lowercased()
        var pathPart = rest[authorityEnd...]
        if let cut = pathPart.firstIndex(where: { $0 == "?" || $0 == "#" }) { pathPart = pathPart[..<cut] }
        path = pathPart.isEmpty ? "/" : String(pathPart)
    }

    /// Resolves a reference against this URL: absolute URLs as they are, `/path` on this host.
    public func resolving(_ reference: String) -> RequestURL? {
        if reference.hasPrefix("/") {
            var url = self
            var path = Substring(reference)
            if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
            url.path = String(path)
            return url
        }
        return RequestURL(parsing: reference)
    }

    /// Whether the host is an IP address literal, which never domain-matches a suffix.
    public var hostIsIPAddress: Bool {
        host.hasPrefix("[") || (!host.isEmpty && host.allSatisfy { $0 == "." || $0.isASCII && $0.isNumber })
    }

    public var description: String {
        "\(secure ? "https" : "http")://\(host)\(port.map { ":\($0)" } ?? "")\(path)"
    }
}
