/// A small JSON reader that keeps object keys in the order written (Foundation's does not),
/// so rows and golden screens come out the same every time. Depth-limited; throws on garbage.
enum JSONValueDecoder {
    static func decode(_ bytes: [UInt8]) throws(DecodeFailure) -> SessionValue {
        var reader = ByteReader(bytes)
        let value = try parse(&reader, depth: 0)
        skipSpace(&reader)
        guard reader.isAtEnd else { throw reader.fail("text after the JSON value") }
        return value
    }

    private static func skipSpace(_ r: inout ByteReader) {
        while let b = try? r.peek(), b == 0x20 || b == 0x0a || b == 0x0d || b == 0x09 { _ = try? r.byte() }
    }

    private static func parse(_ r: inout ByteReader, depth: Int) throws(DecodeFailure) -> SessionValue {
        guard depth < ByteReader.maxDepth else { throw r.fail("nested too deep") }
        skipSpace(&r)
        switch try r.peek() {
        case UInt8(ascii: "{"):
            _ = try r.byte()
            var entries: [SessionValue.Entry] = []
            skipSpace(&r)
            if try r.peek() == UInt8(ascii: "}") {
                _ = try r.byte()
                return .map(entries)
            }
            while true {
                skipSpace(&r)
                let key = try string(&r)
                skipSpace(&r)
                try r.expect(UInt8(ascii: ":"))
                entries.append(SessionValue.Entry(.string(key), try parse(&r, depth: depth + 1)))
                skipSpace(&r)
                let next = try r.byte()
                if next == UInt8(ascii: "}") { return .map(entries) }
                guard next == UInt8(ascii: ",") else { throw r.fail("expected ',' or '}'") }
            }
        case UInt8(ascii: "["):
            _ = try r.byte()
            var items: [SessionValue] = []
            skipSpace(&r)
            if try r.peek() == UInt8(ascii: "]") {
                _ = try r.byte()
                return .list(items)
            }
            while true {
                items.append(try parse(&r, depth: depth + 1))
                skipSpace(&r)
                let next = try r.byte()
                if next == UInt8(ascii: "]") { return .list(items) }
                guard next == UInt8(ascii: ",") else { throw r.fail("expected ',' or ']'") }
            }
        case UInt8(ascii: "\""): return .string(try string(&r))
        case UInt8(ascii: "t"): return try word(&r, "true", .bool(true))
        case UInt8(ascii: "f"): return try word(&r, "false", .bool(false))
        case UInt8(ascii: "n"): return try word(&r, "null", .null)
        default: return try number(&r)
        }
    }

    private static func word(_ r: inout ByteReader, _ text: String, _ value: SessionValue) throws(DecodeFailure)
        -> SessionValue
    {
        guard Array(try r.take(text.utf8.count)) == Array(text.utf8) else { throw r.fail("bad literal") }
        return value
    }

    private static func number(_ r: inout ByteReader) throws(DecodeFailure) -> SessionValue {
        let start = r.offset
        while let b = try? r.peek(),
            b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".")
                || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") || (b >= 0x30 && b <= 0x39)
        {
            _ = try r.byte()
        }
        let text = String(decoding: r.bytes[start..<r.offset], as: UTF8.self)
        if let i = Int64(text) { return .integer(i) }
        if let d = Double(text), !text.isEmpty { return .double(d) }
        throw DecodeFailure("not JSON at byte \(start)")
    }

    private static func string(_ r: inout ByteReader) throws(DecodeFailure) -> String {
        try r.expect(UInt8(ascii: "\""))
        var out: [UInt8] = []
        while true {
            let b = try r.byte()
            if b == UInt8(ascii: "\"") { break }
            guard b == UInt8(ascii: "\\") else {
                out.append(b)
                continue
            }
            let e = try r.byte()
            switch e {
            case UInt8(ascii: "n"): out.append(0x0a)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0d)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0c)
            case UInt8(ascii: "u"):
                let hex = String(decoding: try r.take(4), as: UTF8.self)
                guard var code = UInt32(hex, radix: 16) else { throw r.fail("bad \\u escape") }
                if (0xD800..<0xDC00).contains(code), (try? r.peek()) == UInt8(ascii: "\\") {
                    _ = try r.byte()
                    try r.expect(UInt8(ascii: "u"))
                    let low = UInt32(String(decoding: try r.take(4), as: UTF8.self), radix: 16) ?? 0
                    code = 0x10000 + ((code - 0xD800) << 10) + (low &- 0xDC00 & 0x3FF)
                }
                out.append(contentsOf: Array(String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}").utf8))
            default: out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
