/// Ruby's `Marshal.dump` format 4.8 (what redis-session-store and redis-rack store by
/// default): nil, booleans, integers, floats, strings (with their encoding), symbols, arrays
/// and hashes. Objects are named by class, not decoded.
enum RubyMarshalDecoder {
    static func decode(_ bytes: [UInt8]) throws(DecodeFailure) -> SessionValue {
        var decoder = State(reader: ByteReader(bytes))
        guard try decoder.reader.byte() == 4, try decoder.reader.byte() == 8 else {
            throw DecodeFailure("not Ruby Marshal 4.8")
        }
        return try decoder.value(depth: 0)
    }

    private struct State {
        var reader: ByteReader
        var symbols: [String] = []
        var objects: [SessionValue] = []

        /// Marshal's packed integer: 0, 1…4 bytes little-endian, or a small value biased by 5.
        mutating func long() throws(DecodeFailure) -> Int {
            let c = Int(Int8(bitPattern: try reader.byte()))
            if c == 0 { return 0 }
            if c > 4 { return c - 5 }
            if c < -4 { return c + 5 }
            var n = 0
            for i in 0..<abs(c) { n |= Int(try reader.byte()) << (8 * i) }
            if c < 0 { n -= 1 << (8 * -c) }
            return n
        }

        mutating func symbol() throws(DecodeFailure) -> String {
            let type = try reader.byte()
            switch type {
            case UInt8(ascii: ":"):
                let name = String(decoding: try reader.take(try long()), as: UTF8.self)
                symbols.append(name)
                return name
            case UInt8(ascii: ";"):
                let index = try long()
                guard symbols.indices.contains(index) else { throw reader.fail("bad symbol link \(index)") }
                return symbols[index]
            default: throw reader.fail("expected a symbol")
            }
        }

        mutating func value(depth: Int) throws(DecodeFailure) -> SessionValue {
            guard depth < ByteReader.maxDepth else { throw reader.fail("nested too deep") }
            let type = try reader.byte()
            switch type {
            case UInt8(ascii: "0"): return .null
            case UInt8(ascii: "T"): return .bool(true)
            case UInt8(ascii: "F"): return .bool(false)
            case UInt8(ascii: "i"): return .integer(Int64(try long()))
            case UInt8(ascii: ":"), UInt8(ascii: ";"):
                reader = ByteReader(reader.bytes, offset: reader.offset - 1)
                return .string(try symbol())
            case UInt8(ascii: "\""):
                return remember(.text(try reader.take(try long())))
            case UInt8(ascii: "f"):
                let text = String(decoding: try reader.take(try long()), as: UTF8.self)
                return remember(
                    .double(Double(text) ?? (text == "inf" ? .infinity : text == "-inf" ? -.infinity : .nan)))
            case UInt8(ascii: "I"):
                // A value with instance variables (a String's encoding): the value, then the ivars.
                let inner = try value(depth: depth + 1)
                let count = try long()
                for _ in 0..<max(0, count) {
                    _ = try symbol()
                    _ = try value(depth: depth + 1)
                }
                return inner
            case UInt8(ascii: "["):
                let count = try long()
                guard count >= 0, count <= reader.remaining else {
                    throw reader.fail("array of \(count) runs past the end")
                }
                let slot = reserve()
                var items: [SessionValue] = []
                for _ in 0..<count { items.append(try value(depth: depth + 1)) }
                objects[slot] = .list(items)
                return .list(items)
            case UInt8(ascii: "{"), UInt8(ascii: "}"):
                let count = try long()
                guard count >= 0, count <= reader.remaining / 2 else {
                    throw reader.fail("hash of \(count) runs past the end")
                }
                let slot = reserve()
                var entries: [SessionValue.Entry] = []
                for _ in 0..<count {
                    let key = try value(depth: depth + 1)
                    entries.append(SessionValue.Entry(key, try value(depth: depth + 1)))
                }
                if type == UInt8(ascii: "}") { _ = try value(depth: depth + 1) }
                objects[slot] = .map(entries)
                return .map(entries)
            case UInt8(ascii: "@"):
                let index = try long()
                guard objects.indices.contains(index) else { throw reader.fail("bad object link \(index)") }
                return objects[index]
            case UInt8(ascii: "l"):
                let sign = try reader.byte()
                let words = try long()
                let digits = try reader.take(2 * words)
                var n: UInt64 = 0
                for (i, b) in digits.enumerated() where i < 8 { n |= UInt64(b) << (8 * UInt64(i)) }
                let value: SessionValue =
                    n <= UInt64(Int64.max)
                    ? .integer(Int64(n) * (sign == UInt8(ascii: "-") ? -1 : 1)) : .double(Double(n))
                return remember(value)
            case UInt8(ascii: "o"):
                let name = try symbol()
                let count = try long()
                let slot = reserve()
                for _ in 0..<max(0, count) {
                    _ = try symbol()
                    _ = try value(depth: depth + 1)
                }
                objects[slot] = .opaque("Ruby object \(name)")
                return objects[slot]
            case UInt8(ascii: "u"):
                let name = try symbol()
                _ = try reader.take(try long())
                return remember(.opaque("Ruby \(name)"))
            case UInt8(ascii: "U"), UInt8(ascii: "C"), UInt8(ascii: "e"):
                let name = try symbol()
                _ = try value(depth: depth + 1)
                return .opaque("Ruby \(name)")
            case UInt8(ascii: "S"):
                let name = try symbol()
                let count = try long()
                for _ in 0..<max(0, count) {
                    _ = try symbol()
                    _ = try value(depth: depth + 1)
                }
                return remember(.opaque("Ruby Struct \(name)"))
            case UInt8(ascii: "c"), UInt8(ascii: "m"), UInt8(ascii: "M"):
                return remember(.opaque("Ruby class \(String(decoding: try reader.take(try long()), as: UTF8.self))"))
            case UInt8(ascii: "/"):
                let source = String(decoding: try reader.take(try long()), as: UTF8.self)
                _ = try reader.byte()
                return remember(.opaque("Ruby Regexp /\(source)/"))
            default:
                throw DecodeFailure("not Ruby Marshal (type 0x\(String(type, radix: 16)) at \(reader.offset - 1))")
            }
        }

        private mutating func reserve() -> Int {
            objects.append(.null)
            return objects.count - 1
        }

        private mutating func remember(_ value: SessionValue) -> SessionValue {
            objects.append(value)
            return value
        }
    }
}
