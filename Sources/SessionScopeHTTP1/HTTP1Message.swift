/// One complete HTTP/1.x message as read from the wire: its start line, header fields and
/// body (chunked coding already removed).
public struct HTTP1Message: Sendable {
    /// A request's method and target, or a response's status code.
    public enum Start: Sendable, Equatable {
        case request(method: String, target: String)
        case response(status: Int)
    }

    public var start: Start
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    public var minorVersion: Int
    public var headers: HTTP1Headers
    public var body: [UInt8]

    public init(start: Start, minorVersion: Int, headers: HTTP1Headers, body: [UInt8]) {
        self.start = start
        self.minorVersion = minorVersion
        self.headers = headers
        self.body = body
    }

    /// The request's method (`GET`), or "" for a response.
    public var method: String {
        if case .request(let method, _) = start { return method }
        return ""
    }

    /// The request's target (`/me?x=1`), or "" for a response.
    public var target: String {
        if case .request(_, let target) = start { return target }
        return ""
    }

    /// The response's status code, or 0 for a request.
    public var status: Int {
        if case .response(let status) = start { return status }
        return 0
    }

    /// Whether the connection stays open after this message: HTTP/1.1 unless it says
    /// `Connection: close`, HTTP/1.0 only if it says `Connection: keep-alive`.
    public var isKeepAlive: Bool {
        if headers.listContains(name: "connection", token: "close") { return false }
        return minorVersion >= 1 || headers.listContains(name: "connection", token: "keep-alive")
    }
}
