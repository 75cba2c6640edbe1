/// Parses one complete header section (start line, fields, the empty line) from the bytes
/// the reader holds; the reader has already found where it ends.
struct HTTP1HeadParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let kind: HTTP1Reader.Kind

    /// The message head in `from..<to` (which ends with an empty line).
    func parse(_ from: Int, _ to: Int) throws -> HTTP1Message {
        var lineStart = from
        var first: (start: HTTP1Message.Start, minor: Int)?
        var headers = HTTP1Headers()
        while lineStart < to {
            var lf = lineStart
            while bytes[lf] != HTTP1Bytes.lf { lf += 1 }
            let lineEnd = lf > lineStart && bytes[lf - 1] == HTTP1Bytes.cr ? lf - 1 : lf
            defer { lineStart = lf + 1 }
            if lineEnd == lineStart { break }
            for i in lineStart..<lineEnd where bytes[i] == HTTP1Bytes.cr {
                throw HTTP1Failure.malformed("a bare CR at byte \(i - from)")
            }
            if first == nil {
                first = kind == .request ? try requestLine(lineStart, lineEnd) : try statusLine(lineStart, lineEnd)
            } else {
                let (name, value) = try field(lineStart, lineEnd)
                headers.add(name: name, value: value)
            }
        }
        guard let first else { throw HTTP1Failure.malformed("no start line") }
        return HTTP1Message(start: first.start, minorVersion: first.minor, headers: headers, body: [])
    }

    private func text(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
    }

    private func index(of byte: UInt8, from: Int, to: Int) -> Int? {
        var i = from
        while i < to {
            if bytes[i] == byte { return i }
            i += 1
        }
        return nil
    }

    /// `GET /me HTTP/1.1`: a token, one space, a target, one space, the version.
    private func requestLine(_ from: Int, _ to: Int) throws -> (HTTP1Message.Start, Int) {
        guard let firstSpace = index(of: HTTP1Bytes.space, from: from, to: to), firstSpace > from,
            (from..<firstSpace).allSatisfy({ HTTP1Bytes.isTokenChar(bytes[$0]) })
        else { throw HTTP1Failure.malformed("a request line that does not start with a method") }
        guard let secondSpace = index(of: HTTP1Bytes.space, from: firstSpace + 1, to: to),
            secondSpace > firstSpace + 1,
            (firstSpace + 1..<secondSpace).allSatisfy({ HTTP1Bytes.isTargetByte(bytes[$0]) })
        else { throw HTTP1Failure.malformed("a request line without a target") }
        guard isTargetForm(firstSpace + 1, secondSpace) else {
            throw HTTP1Failure.malformed("a target that is not /path, * or an absolute URI")
        }
        let minor = try version(secondSpace + 1, to)
        return (.request(method: text(from, firstSpace), target: text(firstSpace + 1, secondSpace)), minor)
    }

    /// `HTTP/1.1 200 OK`: the version, one space, three digits, then the reason.
    private func statusLine(_ from: Int, _ to: Int) throws -> (HTTP1Message.Start, Int) {
        guard to - from >= 12, bytes[from + 8] == HTTP1Bytes.space,
            (from + 9..<from + 12).allSatisfy({ bytes[$0] >= 48 && bytes[$0] <= 57 }),
            to == from + 12 || bytes[from + 12] == HTTP1Bytes.space
        else { throw HTTP1Failure.malformed("a status line that is not HTTP/1.x") }
        let minor = try version(from, from + 8)
        let status = (from + 9..<from + 12).reduce(0) { $0 * 10 + Int(bytes[$1] - 48) }
        return (.response(status: status), minor)
    }

    private static let versionPrefix: [UInt8] = Array("HTTP/1.".utf8)

    /// Origin form (`/me?x=1`), asterisk form (`*`), or absolute form (`http://host/me`):
    /// RFC 9112 3.2. (Authority form is for CONNECT, which no listener takes.)
    private func isTargetForm(_ from: Int, _ to: Int) -> Bool {
        if bytes[from] == UInt8(ascii: "/") { return true }
        if to - from == 1 && bytes[from] == UInt8(ascii: "*") { return true }
        // A scheme (a letter, then letters, digits, `+`, `-`, `.`), then `://`.
        var i = from
        while i < to, HTTP1Bytes.isSchemeByte(bytes[i], first: i == from) { i += 1 }
        return i > from && to - i > 3 && bytes[i] == UInt8(ascii: ":") && bytes[i + 1] == UInt8(ascii: "/")
            && bytes[i + 2] == UInt8(ascii: "/")
    }

    /// `HTTP/1.0` or `HTTP/1.1` (a later 1.x is read as 1.1): the minor version.
    private func version(_ from: Int, _ to: Int) throws -> Int {
        guard to - from == 8, (0..<7).allSatisfy({ bytes[from + $0] == Self.versionPrefix[$0] }),
            bytes[from + 7] >= 48 && bytes[from + 7] <= 57
        else { throw HTTP1Failure.malformed("a version that is not HTTP/1.x") }
        return bytes[from + 7] == 48 ? 0 : 1
    }

    /// `Name: value`: a token, a colon at once, the value without surrounding whitespace.
    private func field(_ from: Int, _ to: Int) throws -> (String, String) {
        if bytes[from] == HTTP1Bytes.space || bytes[from] == HTTP1Bytes.tab {
            throw HTTP1Failure.malformed("obsolete line folding")
        }
        guard let colon = index(of: HTTP1Bytes.colon, from: from, to: to), colon > from,
            (from..<colon).allSatisfy({ HTTP1Bytes.isTokenChar(bytes[$0]) })
        else { throw HTTP1Failure.malformed("a header field without a name and a colon") }
        var valueStart = colon + 1
        var valueEnd = to
        while valueStart < valueEnd, bytes[valueStart] == HTTP1Bytes.space || bytes[valueStart] == HTTP1Bytes.tab {
            valueStart += 1
        }
        while valueEnd > valueStart, bytes[valueEnd - 1] == HTTP1Bytes.space || bytes[valueEnd - 1] == HTTP1Bytes.tab {
            valueEnd -= 1
        }
        guard (valueStart..<valueEnd).allSatisfy({ HTTP1Bytes.isFieldValueByte(bytes[$0]) }) else {
            throw HTTP1Failure.malformed("a control character in a header value")
        }
        return (text(from, colon), text(valueStart, valueEnd))
    }
}
