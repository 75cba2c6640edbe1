import SessionScopeCore

/// Who is who among the requests that reach the balancer (live-mode.md, "Clients become
/// browsers"): a session id or token names the browser it was set for. The balancer's
/// own cookie identifies nobody.
struct ClientRegistry {
    /// Session ids and tokens → the browser the cluster set them for.
    private var owners: [String: String] = [:]
    /// Outside clients so far (`client-1` ...).
    private(set) var count = 0
    /// Outside clients' addresses and User-Agents, for the panes.
    private(set) var details: [String: (address: String, userAgent: String?)] = [:]
    private(set) var outside: Set<String> = []

    /// The name the next new outside client gets.
    var nextName: String { "client-\(count + 1)" }

    mutating func addClient() -> String {
        count += 1
        let name = "client-\(count)"
        outside.insert(name)
        return name
    }

    /// Outside clients that carry a built-in browser's session value, by that value.
    private var carriers: [String: String] = [:]

    /// Who the request's session value belongs to, if anyone, and the value.
    func owner(of request: HTTPRequest, cookieName: String) -> (owner: String, value: String)? {
        for name in [cookieName, TokenService.cookieName] {
            if let value = request.cookie(named: name), !value.isEmpty, let owner = owners[value] {
                return (owner, value)
            }
        }
        return nil
    }

    /// The outside client already seen carrying a built-in browser's value, if any.
    func carrier(of value: String) -> String? { carriers[value] }

    mutating func noteCarrier(_ client: String, of value: String) { carriers[value] = client }

    /// Whether the request carries a session id or token at all.
    static func carriesSession(_ request: HTTPRequest, cookieName: String) -> Bool {
        [cookieName, TokenService.cookieName].contains { !(request.cookie(named: $0) ?? "").isEmpty }
    }

    /// The session value a response sets, if any (not a deletion).
    static func sessionValue(setBy response: HTTPResponse, cookieName: String) -> String? {
        for header in response.setCookies {
            let pair = header.prefix { $0 != ";" }
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = pair[..<equals].trimmingSpaces
            let value = String(pair[pair.index(after: equals)...].trimmingSpaces)
            if name == cookieName || name == TokenService.cookieName, !value.isEmpty { return value }
        }
        return nil
    }

    /// Notes the session values a response set for `browser`.
    mutating func noteSet(_ response: HTTPResponse, for browser: String, cookieName: String) {
        if let value = Self.sessionValue(setBy: response, cookieName: cookieName) { owners[value] = browser }
    }

    mutating func noteDetails(_ browser: String, address: String, userAgent: String?) {
        details[browser] = (address, userAgent)
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
