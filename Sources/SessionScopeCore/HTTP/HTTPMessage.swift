#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// An HTTP request as a browser sends it to the application.
public struct HTTPRequest: Equatable, Sendable {
    public enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
    }

    public var method: Method
    public var path: String
    /// The `Cookie` header, or nil when the jar sent none.
    public var cookieHeader: String?
    /// Form fields of a `POST`, in order.
    public var form: [FormField]

    public init(method: Method, path: String, cookieHeader: String? = nil, form: [FormField] = []) {
        self.method = method
        self.path = path
        self.cookieHeader = cookieHeader
        self.form = form
    }

    /// `GET /me HTTP/1.1`.
    public var requestLine: String { "\(method.rawValue) \(path) HTTP/1.1" }

    /// The value of the first cookie of that name in the `Cookie` header.
    public func cookie(named name: String) -> String? {
        withCookieValue(named: name) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the bytes of the first cookie of that name in the `Cookie` header,
    /// without copying them into a `String`: the session id and the balancer's cookie are
    /// read this way on every simulated request. nil when there is no such cookie.
    public func withCookieValue<Result>(named name: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard let header = cookieHeader else { return nil }
        // Read where the strings lie (native strings are contiguous): `withUTF8` needs
        // mutable copies, and copying the header costs a retain and a release.
        var result: Result?
        var scanned = false
        _ = header.utf8.withContiguousStorageIfAvailable { bytes in
            name.utf8.withContiguousStorageIfAvailable { key in
                scanned = true
                result = Self.scan(bytes, for: key).map(body)
            }
        }
        if scanned { return result }
        var contiguousHeader = header
        var contiguousName = name
        return contiguousHeader.withUTF8 { bytes in
            contiguousName.withUTF8 { key in Self.scan(bytes, for: key).map(body) }
        }
    }

    /// The value of the first `key=value` pair of a `Cookie` header, as a slice of it.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, for key: UnsafeBufferPointer<UInt8>)
        -> UnsafeBufferPointer<UInt8>?
    {
        guard let base = bytes.baseAddress, let keyBase = key.baseAddress else { return nil }
        var index = 0
        while index < bytes.count {
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
            let start = index
            // The pair ends at the next ";" (memchr: a session id is 32 bytes to skip).
            let end =
                memchr(base + start, Int32(UInt8(ascii: ";")), bytes.count - start)
                .map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? bytes.count
            index = end + 1
            // "name=" at the start of this pair?
            guard end - start > key.count, bytes[start + key.count] == UInt8(ascii: "=") else { continue }
            if memcmp(base + start, keyBase, key.count) == 0 {
                return UnsafeBufferPointer(rebasing: bytes[(start + key.count + 1)..<end])
            }
        }
        return nil
    }

    /// The value of a form field.
    public func field(_ name: String) -> String? { form.first { $0.name == name }?.value }

    /// The body as `application/x-www-form-urlencoded` would show it (without escaping).
    public var formBody: String { form.map { "\($0.name)=\($0.value)" }.joined(separator: "&") }
}

/// One `name=value` form field.
public struct FormField: Equatable, Sendable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An HTTP response as the browser receives it.
public struct HTTPResponse: Equatable, Sendable {
    public var status: Int
    public var setCookies: [String]

    public init(status: Int, setCookies: [String] = []) {
        self.status = status
        self.setCookies = setCookies
    }

    /// `HTTP/1.1 200 OK`.
    public var statusLine: String { "HTTP/1.1 \(status) \(Self.reason(status))" }

    /// RFC 9110's reason phrase, for the transcript and for live mode's status lines.
    public static func reason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 421: "Misdirected Request"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status"
        }
    }
}
