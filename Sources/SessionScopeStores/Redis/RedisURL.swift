import Foundation

/// Where a Redis server is and how to log in to it: `redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]`.
///
/// The user and the password are percent-decoded (`%40` for `@`, `%3A` for `:`). The password
/// never leaves this value in text: `description` masks it (`redis://alice:***@127.0.0.1:6379/0`),
/// and a URL that does not parse is quoted with its password masked too.
public struct RedisURL: Sendable, Equatable, CustomStringConvertible {
    /// The ACL user for `AUTH USER PASSWORD`; nil sends `AUTH PASSWORD` (the `default` user).
    public var user: String?
    /// The password; nil sends no `AUTH` at all.
    public var password: String?
    public var host: String
    public var port: Int32
    public var database: Int

    public init(host: String, port: Int32 = 6379, database: Int = 0, user: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.password = password
    }

    /// A URL that cannot be read, with a message that names what is wrong and never the password.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Reads `redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]` (port 6379 and database 0 when left out).
    public init(parsing text: String) throws(ParseError) {
        let shown = Self.masked(text)
        func failure(_ what: String) -> ParseError {
            ParseError(description: "'\(shown)' is not redis://[[USER]:PASSWORD@]HOST:PORT[/DB]: \(what)")
        }
        guard text.hasPrefix("redis://") else { throw failure("it does not start with redis://") }
        var rest = Substring(text.dropFirst("redis://".count))
        var user: String?
        var password: String?
        // The last '@' ends the user part: an unencoded '@' in a password still reads right.
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            guard let colon = userInfo.firstIndex(of: ":") else {
                throw failure("the part before '@' needs a ':' (USER:PASSWORD or :PASSWORD)")
            }
            guard let name = String(userInfo[..<colon]).removingPercentEncoding,
                let secret = String(userInfo[userInfo.index(after: colon)...]).removingPercentEncoding
            else { throw failure("bad %-encoding in the user or the password") }
            user = name.isEmpty ? nil : name
            password = secret
        }
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let db = rest[rest.index(after: slash)...]
            if !db.isEmpty {
                guard let n = Int(db), n >= 0 else { throw failure("database '\(db)' is not a number from 0") }
                database = n
            }
            rest = rest[..<slash]
        }
        var host = rest
        var port: Int32 = 6379
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            // [IPv6]:PORT
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let p = Int32(after.dropFirst()), (1...65535).contains(p) else {
                    throw failure("port '\(after.dropFirst())' is not a number from 1 to 65535")
                }
                port = p
            }
        } else if let colon = rest.lastIndex(of: ":") {
            let text = rest[rest.index(after: colon)...]
            guard let p = Int32(text), (1...65535).contains(p) else {
                throw failure("port '\(text)' is not a number from 1 to 65535")
            }
            port = p
            host = rest[..<colon]
        }
        guard !host.isEmpty else { throw failure("no host") }
        self.init(host: String(host), port: port, database: database, user: user, password: password)
    }

    /// `HOST:PORT`, as error lines name the server.
    public var endpoint: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The URL with the password masked: `redis://alice:***@127.0.0.1:6379/0`.
    public var description: String {
        var text = "redis://"
        if let user, password == nil { text += Self.encode(user) + "@" }
        if password != nil { text += (user.map(Self.encode) ?? "") + ":***@" }
        return text + endpoint + "/\(database)"
    }

    private static func encode(_ part: String) -> String {
        part.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed.subtracting(CharacterSet(charactersIn: ":@")))
            ?? part
    }

    /// Any text that may be a Redis URL, with whatever stands between `USER:` and the last `@`
    /// replaced by `***`: for messages about URLs that did not parse.
    public static func masked(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let afterScheme = text[scheme.upperBound...]
        guard let at = afterScheme.lastIndex(of: "@") else { return text }
        let userInfo = afterScheme[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text[..<scheme.upperBound] + "***" + text[at...] }
        return String(text[..<userInfo.index(after: colon)]) + "***" + text[at...]
    }
}
