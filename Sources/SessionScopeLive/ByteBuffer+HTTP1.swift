import NIOCore
import SessionScopeCore
import SessionScopeHTTP1

/// HTTP/1.1 messages written straight into one buffer: a listener's answer and the
/// balancer's request to a server each leave in one write (one `writev`).
extension ByteBuffer {
    /// `HTTP/1.1 STATUS REASON`, the headers, `Content-Length` (and `Connection` when it
    /// is not kept alive, or an HTTP/1.0 client asked to keep it), the empty line, the body
    /// (not for a `HEAD` request: `withBody` false).
    mutating func writeHTTP1Response(_ answer: Answer, keepAlive: Bool, http10: Bool, withBody: Bool = true) {
        writeStaticString("HTTP/1.1 ")
        writeString(String(answer.status))
        writeStaticString(" ")
        writeString(HTTPResponse.reason(answer.status))
        writeStaticString("\r\n")
        for (name, value) in answer.headers
        where !name.equalsASCIICaseInsensitive("content-length") && !name.equalsASCIICaseInsensitive("connection") {
            writeHTTP1Field(name, value)
        }
        if let bytes = answer.bytes {
            writeHTTP1Field("Content-Length", String(bytes.count))
        } else {
            writeHTTP1Field("Content-Length", String(answer.body.utf8.count))
        }
        if !keepAlive {
            writeHTTP1Field("Connection", "close")
        } else if http10 {
            writeHTTP1Field("Connection", "keep-alive")
        }
        writeStaticString("\r\n")
        guard withBody else { return }
        if let bytes = answer.bytes {
            writeBytes(bytes)
        } else {
            writeString(answer.body)
        }
    }

    /// `METHOD TARGET HTTP/1.1`, the headers, `Content-Length`, the empty line, the body.
    mutating func writeHTTP1Request(method: String, target: String, headers: [(String, String)], body: String) {
        writeString(method)
        writeStaticString(" ")
        writeString(target)
        writeStaticString(" HTTP/1.1\r\n")
        for (name, value) in headers { writeHTTP1Field(name, value) }
        writeHTTP1Field("Content-Length", String(body.utf8.count))
        writeStaticString("\r\n")
        writeString(body)
    }

    private mutating func writeHTTP1Field(_ name: String, _ value: String) {
        writeString(name)
        writeStaticString(": ")
        writeString(value)
        writeStaticString("\r\n")
    }
}
