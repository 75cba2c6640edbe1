/// How much of a message a reader takes before it refuses: the header section (the start
/// line and every field, 431 for a request) and the body (413).
public struct HTTP1Limits: Sendable {
    public var headerBytes: Int
    public var bodyBytes: Int

    public init(headerBytes: Int, bodyBytes: Int) {
        self.headerBytes = headerBytes
        self.bodyBytes = bodyBytes
    }
}

/// Why a reader refused what it read. After a failure the stream is not read further: the
/// connection is answered (a request's) and closed.
public enum HTTP1Failure: Error, Sendable, Equatable {
    /// Not HTTP/1.x, or framing that could be read two ways (400 for a request).
    case malformed(String)
    /// The header section is over the limit (431).
    case headersTooLarge
    /// The body is over the limit (413).
    case bodyTooLarge
}
