import CZlib

/// zlib's `inflate`, wrapped once: Django compresses a session payload with `zlib.compress`.
enum Inflate {
    /// The inflated bytes, or a failure; stops at `limit` bytes so a zip bomb cannot eat memory.
    static func zlib(_ input: [UInt8], limit: Int = 16 << 20) throws(DecodeFailure) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DecodeFailure("zlib would not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        var input = input
        let status: Int32 = input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            while true {
                let result: Int32 = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                if result == Z_STREAM_END { return Z_OK }
                if result != Z_OK { return result }
                if output.count > limit { return Z_MEM_ERROR }
                if stream.avail_in == 0 && stream.avail_out != 0 { return Z_BUF_ERROR }
            }
        }
        guard status == Z_OK else { throw DecodeFailure("zlib data is corrupt (\(status))") }
        return output
    }
}
