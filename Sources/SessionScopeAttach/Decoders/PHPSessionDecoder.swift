/// PHP's session encodings: the default `php` serialize handler (`name|VALUE name|VALUE`, what
/// phpredis stores) and `php_serialize` (one `a:N:{...}`), with values in `serialize()` form:
/// `N;` `b:1;` `i:5;` `d:0.5;` `s:5:"hello";` `a:N:{key value ...}` `O:LEN:"Class":N:{...}`.
enum PHPSessionDecoder {
    static func decode(_ bytes: [UInt8]) throws(DecodeFailure) -> [SessionValue.Entry] {
        if bytes.isEmpty { return [] }
        var reader = ByteReader(bytes)
        // php_serialize: the whole session is one array.
        if bytes.count > 2, bytes[0] == UInt8(ascii: "a"), bytes[1] == UInt8(ascii: ":") {
            if case .map(let entries) = try value(&reader, depth: 0), reader.isAtEnd { return entries }
            reader = ByteReader(bytes)
        }
        var entries: [SessionValue.Entry] = []
        while !reader.isAtEnd {
            let name = try reader.text(until: UInt8(ascii: "|"))
            guard !name.isEmpty else { throw reader.fail("empty session variable name") }
            entries.append(SessionValue.Entry(.string(name), try value(&reader, depth: 0)))
        }
        return entries
    }

    private static func value(_ r: inout ByteReader, depth: Int) throws(DecodeFailure) -> SessionValue {
        guard depth < ByteReader.maxDepth else { throw r.fail("nested too deep") }
        let type = try r.byte()
        if type == UInt8(ascii: "N") {
            try r.expect(UInt8(ascii: ";"))
            return .null
        }
        try r.expect(UInt8(ascii: ":"))
        switch type {
        case UInt8(ascii: "b"): return .bool(try r.integer(until: UInt8(ascii: ";")) != 0)
        case UInt8(ascii: "i"): return .integer(try r.integer(until: UInt8(ascii: ";")))
        case UInt8(ascii: "d"):
            let text = try r.text(until: UInt8(ascii: ";"))
            guard let d = Double(text) ?? (text == "INF" ? .infinity : text == "-INF" ? -.infinity : nil) else {
                throw r.fail("bad double '\(text.prefix(20))'")
            }
            return .double(d)
        case UInt8(ascii: "s"):
            let bytes = try quoted(&r, length: try r.integer(until: UInt8(ascii: ":")))
            try r.expect(UInt8(ascii: ";"))
            return .text(bytes)
        case UInt8(ascii: "a"):
            return .map(try members(&r, count: try r.integer(until: UInt8(ascii: ":")), depth: depth))
        case UInt8(ascii: "O"):
            let name = String(decoding: try quoted(&r, length: try r.integer(until: UInt8(ascii: ":"))), as: UTF8.self)
            try r.expect(UInt8(ascii: ":"))
            let members = try members(&r, count: try r.integer(until: UInt8(ascii: ":")), depth: depth)
            return name == "stdClass" ? .map(members) : .opaque("PHP object \(name)")
        default:
            throw DecodeFailure(
                "not PHP serialize format (type '\(Character(Unicode.Scalar(type)))' at \(r.offset - 2))")
        }
    }

    private static func quoted(_ r: inout ByteReader, length: Int64) throws(DecodeFailure) -> ArraySlice<UInt8> {
        try r.expect(UInt8(ascii: "\""))
        guard length >= 0, length <= Int64(r.remaining) else { throw r.fail("string of \(length) runs past the end") }
        let bytes = try r.take(Int(length))
        try r.expect(UInt8(ascii: "\""))
        return bytes
    }

    private static func members(_ r: inout ByteReader, count: Int64, depth: Int) throws(DecodeFailure)
        -> [SessionValue.Entry]
    {
        guard count >= 0, count <= Int64(r.remaining) else { throw r.fail("array of \(count) runs past the end") }
        try r.expect(UInt8(ascii: "{"))
        var entries: [SessionValue.Entry] = []
        for _ in 0..<count {
            let key = try value(&r, depth: depth + 1)
            entries.append(SessionValue.Entry(key, try value(&r, depth: depth + 1)))
        }
        try r.expect(UInt8(ascii: "}"))
        return entries
    }
}
