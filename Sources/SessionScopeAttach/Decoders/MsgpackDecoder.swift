/// MessagePack (what Flask-Session 0.8 writes by default, through msgspec), read into a
/// `SessionValue`. Extension types are named, not decoded.
enum MsgpackDecoder {
    static func decode(_ bytes: [UInt8]) throws(DecodeFailure) -> SessionValue {
        var reader = ByteReader(bytes)
        let value = try parse(&reader, depth: 0)
        guard reader.isAtEnd else { throw reader.fail("bytes after the msgpack value") }
        return value
    }

    private static func parse(_ r: inout ByteReader, depth: Int) throws(DecodeFailure) -> SessionValue {
        guard depth < ByteReader.maxDepth else { throw r.fail("nested too deep") }
        let b = try r.byte()
        switch b {
        case 0x00...0x7f: return .integer(Int64(b))
        case 0x80...0x8f: return try map(&r, count: Int(b & 0x0f), depth: depth)
        case 0x90...0x9f: return try list(&r, count: Int(b & 0x0f), depth: depth)
        case 0xa0...0xbf: return .text(try r.take(Int(b & 0x1f)))
        case 0xc0: return .null
        case 0xc2: return .bool(false)
        case 0xc3: return .bool(true)
        case 0xc4, 0xc5, 0xc6: return .bytes(Array(try r.take(Int(try r.bigEndian(1 << Int(b - 0xc4))))))
        case 0xc7, 0xc8, 0xc9:
            let count = Int(try r.bigEndian(1 << Int(b - 0xc7)))
            let type = try r.byte()
            _ = try r.take(count)
            return .opaque("msgpack extension \(Int8(bitPattern: type))")
        case 0xca: return .double(Double(Float(bitPattern: UInt32(try r.bigEndian(4)))))
        case 0xcb: return .double(Double(bitPattern: try r.bigEndian(8)))
        case 0xcc, 0xcd, 0xce:
            return .integer(Int64(try r.bigEndian(1 << Int(b - 0xcc))))
        case 0xcf:
            let v = try r.bigEndian(8)
            return v <= UInt64(Int64.max) ? .integer(Int64(v)) : .double(Double(v))
        case 0xd0: return .integer(Int64(Int8(truncatingIfNeeded: try r.bigEndian(1))))
        case 0xd1: return .integer(Int64(Int16(truncatingIfNeeded: try r.bigEndian(2))))
        case 0xd2: return .integer(Int64(Int32(truncatingIfNeeded: try r.bigEndian(4))))
        case 0xd3: return .integer(Int64(bitPattern: try r.bigEndian(8)))
        case 0xd4...0xd8:
            let type = try r.byte()
            _ = try r.take(1 << Int(b - 0xd4))
            return .opaque("msgpack extension \(Int8(bitPattern: type))")
        case 0xd9, 0xda, 0xdb: return .text(try r.take(Int(try r.bigEndian(1 << Int(b - 0xd9)))))
        case 0xdc, 0xdd: return try list(&r, count: Int(try r.bigEndian(b == 0xdc ? 2 : 4)), depth: depth)
        case 0xde, 0xdf: return try map(&r, count: Int(try r.bigEndian(b == 0xde ? 2 : 4)), depth: depth)
        case 0xe0...0xff: return .integer(Int64(Int8(bitPattern: b)))
        default: throw DecodeFailure("not msgpack (byte 0x\(String(b, radix: 16)) at \(r.offset - 1))")
        }
    }

    private static func list(_ r: inout ByteReader, count: Int, depth: Int) throws(DecodeFailure) -> SessionValue {
        guard count <= r.remaining else { throw r.fail("list of \(count) runs past the end") }
        var items: [SessionValue] = []
        for _ in 0..<count { items.append(try parse(&r, depth: depth + 1)) }
        return .list(items)
    }

    private static func map(_ r: inout ByteReader, count: Int, depth: Int) throws(DecodeFailure) -> SessionValue {
        guard count <= r.remaining / 2 else { throw r.fail("map of \(count) runs past the end") }
        var entries: [SessionValue.Entry] = []
        for _ in 0..<count {
            let key = try parse(&r, depth: depth + 1)
            entries.append(SessionValue.Entry(key, try parse(&r, depth: depth + 1)))
        }
        return .map(entries)
    }
}
