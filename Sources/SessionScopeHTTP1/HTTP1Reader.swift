/// Reads HTTP/1.x messages from a connection's bytes as they arrive (RFC 9112): the start
/// line and header fields, then the body by `Content-Length` or chunked coding, within the
/// limits. A value that is given bytes and asked for the next complete message; it never
/// touches a socket, so it is tested and fuzzed without one.
///
/// What it refuses (a request's 400): a start line that is not HTTP/1.x, a field name that
/// is not a token or has space before its colon, obsolete line folding, control characters
/// in a value, a bare CR, a request with both `Transfer-Encoding` and `Content-Length` or a
/// transfer coding other than `chunked`, and `Content-Length`s that disagree: framing a
/// proxy and a server could read two ways; an HTTP/1.1 request without `Host` or any with
/// two; a target that is not `/path`, `*` or absolute (`http://host/path`). Leading empty
/// lines before a request are skipped and a bare LF ends a line, as RFC 9112 allows.
public struct HTTP1Reader: Sendable {
    public enum Kind: Sendable { case request, response }

    private enum State: Sendable {
        case head
        case fixedBody(Int)
        case chunkSize
        case chunkData(Int)
        case trailers
        case untilClose
        case complete
        case failed(HTTP1Failure)
    }

    public let kind: Kind
    public let limits: HTTP1Limits
    private var bytes: [UInt8] = []
    /// Where the unread bytes begin.
    private var start = 0
    /// Where the search for the end of the header section resumes.
    private var scanned = 0
    private var state = State.head
    /// The message whose body is being read.
    private var message: HTTP1Message?
    private var trailerBytes = 0
    /// A request's head asked `Expect: 100-continue` and its body has not arrived.
    private var continueDue = false

    public init(kind: Kind, limits: HTTP1Limits) {
        self.kind = kind
        self.limits = limits
    }

    /// Bytes received and not yet part of a message handed out.
    public var bufferedBytes: Int { bytes.count - start }

    /// Whether the request being read waits for `100 Continue` before it sends its body
    /// (`Expect: 100-continue`): true once, then false.
    public mutating func takeContinue() -> Bool {
        defer { continueDue = false }
        return continueDue
    }

    /// Takes the bytes that arrived.
    public mutating func append(_ data: UnsafeRawBufferPointer) {
        compact()
        data.withMemoryRebound(to: UInt8.self) { bytes.append(contentsOf: $0) }
    }

    /// Takes the bytes that arrived (tests, the fuzzer).
    public mutating func append(contentsOf data: some Sequence<UInt8>) {
        compact()
        bytes.append(contentsOf: data)
    }

    /// The next complete message, or nil until more bytes arrive. After a failure every
    /// call fails the same way.
    public mutating func next() throws(HTTP1Failure) -> HTTP1Message? {
        do {
            return try step()
        } catch let failure as HTTP1Failure {
            state = .failed(failure)
            throw failure
        } catch {
            state = .failed(.malformed("\(error)"))
            throw .malformed("\(error)")
        }
    }

    /// The connection closed: a response read until the close is complete now; a message
    /// cut short is a failure; nil when nothing was pending.
    public mutating func finish() throws(HTTP1Failure) -> HTTP1Message? {
        switch state {
        case .untilClose: return complete()
        case .failed(let failure): throw failure
        case .head where bufferedBytes == 0: return nil
        case .head, .fixedBody, .chunkSize, .chunkData, .trailers, .complete:
            state = .failed(.malformed("the connection closed inside a message"))
            throw .malformed("the connection closed inside a message")
        }
    }

    private mutating func step() throws -> HTTP1Message? {
        while true {
            switch state {
            case .failed(let failure): throw failure
            case .complete: return complete()
            case .head:
                guard try readHead() else { return nil }
            case .fixedBody(let count):
                guard bufferedBytes >= count else { return nil }
                message?.body = Array(bytes[start..<start + count])
                start += count
                return complete()
            case .chunkSize:
                guard try readChunkSize() else { return nil }
            case .chunkData(let count):
                guard try readChunkData(count) else { return nil }
            case .trailers:
                guard try readTrailers() else { return nil }
            case .untilClose:
                guard bufferedBytes > 0 else { return nil }
                guard (message?.body.count ?? 0) + bufferedBytes <= limits.bodyBytes else {
                    throw HTTP1Failure.bodyTooLarge
                }
                message?.body.append(contentsOf: bytes[start...])
                start = bytes.count
                return nil
            }
        }
    }

    private mutating func complete() -> HTTP1Message? {
        continueDue = false
        let done = message
        message = nil
        state = .head
        return done
    }

    /// Drops the bytes already read once they are most of the buffer.
    private mutating func compact() {
        if start == bytes.count {
            // A connection keeps a small buffer for its life, not the largest it ever needed.
            bytes.removeAll(keepingCapacity: bytes.capacity <= 16 * 1024)
            (start, scanned) = (0, 0)
        } else if start >= 4096 && start * 2 >= bytes.count {
            bytes.removeFirst(start)
            scanned = max(0, scanned - start)
            start = 0
        }
    }

    // MARK: The header section

    /// Reads the start line and fields once the empty line that ends them has arrived.
    private mutating func readHead() throws -> Bool {
        if kind == .request { skipEmptyLines() }
        guard let end = endOfHead() else {
            if bufferedBytes > limits.headerBytes { throw HTTP1Failure.headersTooLarge }
            return false
        }
        guard end - start <= limits.headerBytes else { throw HTTP1Failure.headersTooLarge }
        var head = try bytes.withUnsafeBufferPointer { try HTTP1HeadParser(bytes: $0, kind: kind).parse(start, end) }
        start = end
        scanned = end
        head.body = []
        try frame(head)
        return true
    }

    private mutating func skipEmptyLines() {
        while start < bytes.count {
            if bytes[start] == HTTP1Bytes.lf {
                start += 1
            } else if bytes[start] == HTTP1Bytes.cr, start + 1 < bytes.count, bytes[start + 1] == HTTP1Bytes.lf {
                start += 2
            } else {
                return
            }
        }
    }

    /// The index just past the empty line that ends the header section, if it has arrived.
    private mutating func endOfHead() -> Int? {
        var i = max(scanned, start)
        let count = bytes.count
        let found: Int? = bytes.withUnsafeBufferPointer { p in
            while i < count {
                if p[i] == HTTP1Bytes.lf {
                    if i + 1 == count { return nil }
                    if p[i + 1] == HTTP1Bytes.lf { return i + 2 }
                    if p[i + 1] == HTTP1Bytes.cr {
                        if i + 2 == count { return nil }
                        if p[i + 2] == HTTP1Bytes.lf { return i + 3 }
                    }
                }
                i += 1
            }
            return nil
        }
        if found == nil { scanned = i }
        return found
    }

    /// How the body after `head` is delimited (RFC 9112 section 6.3).
    private mutating func frame(_ head: HTTP1Message) throws {
        message = head
        if kind == .response {
            if head.status == 101 { throw HTTP1Failure.malformed("a switch of protocols") }
            // An interim answer (100 Continue): the real one follows.
            if head.status < 200 {
                message = nil
                return
            }
            if head.status == 204 || head.status == 304 {
                state = .complete
                return
            }
        }
        defer {
            if kind == .request, head.minorVersion >= 1,
                head.headers.first(name: "expect")?.equalsASCIICaseInsensitive("100-continue") == true
            {
                continueDue = true
            }
        }
        if kind == .request {
            // RFC 9112 3.2: exactly one Host in HTTP/1.1 (1.0 may have none), never two.
            let hosts = head.headers.count(name: "host")
            guard hosts == 1 || hosts == 0 && head.minorVersion == 0 else {
                throw HTTP1Failure.malformed(hosts == 0 ? "an HTTP/1.1 request without Host" : "two Host fields")
            }
        }
        let codings = head.headers["transfer-encoding"]
        let lengths = head.headers["content-length"]
        if !codings.isEmpty {
            let list = codings.flatMap { $0.split(separator: ",").map { $0.trimmingOWS } }
            let chunked = list.last?.equalsASCIICaseInsensitive("chunked") ?? false
            if kind == .request {
                // HTTP/1.0 has no chunked coding: a proxy of 1.0 could read the body otherwise.
                guard head.minorVersion >= 1 else {
                    throw HTTP1Failure.malformed("Transfer-Encoding in an HTTP/1.0 request")
                }
                guard lengths.isEmpty else {
                    throw HTTP1Failure.malformed("both Transfer-Encoding and Content-Length")
                }
                guard chunked, list.count == 1 else {
                    throw HTTP1Failure.malformed("a transfer coding other than chunked")
                }
            }
            state = chunked ? .chunkSize : .untilClose
            return
        }
        if !lengths.isEmpty {
            let length = try Self.contentLength(lengths)
            guard length <= limits.bodyBytes else { throw HTTP1Failure.bodyTooLarge }
            state = length == 0 ? .complete : .fixedBody(length)
            return
        }
        state = kind == .request ? .complete : .untilClose
    }

    /// The one length every `Content-Length` value (and list element) gives; a number too
    /// long to hold is over any limit.
    static func contentLength(_ values: [String]) throws -> Int {
        var found: Int?
        for value in values {
            for element in value.split(separator: ",", omittingEmptySubsequences: false) {
                let digits = element.trimmingOWS
                guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                    throw HTTP1Failure.malformed("a Content-Length that is not a number")
                }
                let significant = digits.drop { $0 == "0" }
                guard significant.utf8.count <= 18 else { throw HTTP1Failure.bodyTooLarge }
                let length = Int(significant) ?? 0
                if let found, found != length {
                    throw HTTP1Failure.malformed("Content-Length values that disagree")
                }
                found = length
            }
        }
        return found ?? 0
    }

    // MARK: Chunked coding

    /// The index of the next LF at or after `from`, if it has arrived.
    private func lineFeed(from: Int) -> Int? {
        bytes.withUnsafeBufferPointer { p in
            var i = from
            while i < p.count {
                if p[i] == HTTP1Bytes.lf { return i }
                i += 1
            }
            return nil
        }
    }

    private mutating func readChunkSize() throws -> Bool {
        // Refused at the same length whether or not its end has arrived.
        guard let lf = lineFeed(from: start), lf - start <= 1024 else {
            if bufferedBytes > 1024 { throw HTTP1Failure.malformed("a chunk size line over 1 KiB") }
            return false
        }
        let room = limits.bodyBytes - (message?.body.count ?? 0)
        var i = start
        var size = 0
        while i < lf, let digit = HTTP1Bytes.hexValue(bytes[i]) {
            size = size * 16 + digit
            // Refused as soon as it is known to be over the limit (and before it overflows).
            if size > room { throw HTTP1Failure.bodyTooLarge }
            i += 1
        }
        guard i > start else { throw HTTP1Failure.malformed("a chunk without a size") }
        while i < lf, bytes[i] == HTTP1Bytes.space || bytes[i] == HTTP1Bytes.tab { i += 1 }
        if i < lf, bytes[i] == UInt8(ascii: ";") {
            // A chunk extension: ignored, as RFC 9112 lets a recipient do.
            i = lf - (bytes[lf - 1] == HTTP1Bytes.cr ? 1 : 0)
            if bytes[start..<i].contains(HTTP1Bytes.cr) { throw HTTP1Failure.malformed("a bare CR") }
        }
        if i < lf, bytes[i] == HTTP1Bytes.cr, i + 1 == lf { i += 1 }
        guard i == lf else { throw HTTP1Failure.malformed("a chunk size that is not hexadecimal") }
        start = lf + 1
        state = size == 0 ? .trailers : .chunkData(size)
        return true
    }

    private mutating func readChunkData(_ count: Int) throws -> Bool {
        guard bufferedBytes > count else { return false }
        let after = start + count
        let lineEnd: Int
        if bytes[after] == HTTP1Bytes.lf {
            lineEnd = after + 1
        } else if bytes[after] == HTTP1Bytes.cr {
            guard after + 1 < bytes.count else { return false }
            guard bytes[after + 1] == HTTP1Bytes.lf else { throw HTTP1Failure.malformed("a bare CR") }
            lineEnd = after + 2
        } else {
            throw HTTP1Failure.malformed("a chunk longer than its size")
        }
        message?.body.append(contentsOf: bytes[start..<after])
        start = lineEnd
        state = .chunkSize
        return true
    }

    /// The trailer fields after the last chunk: read up to the empty line and dropped.
    private mutating func readTrailers() throws -> Bool {
        while let lf = lineFeed(from: start) {
            let length = lf - start
            trailerBytes += length + 1
            guard trailerBytes <= limits.headerBytes else { throw HTTP1Failure.headersTooLarge }
            start = lf + 1
            if length == 0 || length == 1 && bytes[lf - 1] == HTTP1Bytes.cr {
                trailerBytes = 0
                state = .complete
                return true
            }
        }
        if trailerBytes + bufferedBytes > limits.headerBytes { throw HTTP1Failure.headersTooLarge }
        return false
    }
}
