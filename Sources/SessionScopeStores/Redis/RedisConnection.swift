import CHiredis
import Glibc

/// A synchronous connection to a Redis server through hiredis: the only code that touches
/// the C library. Commands are sent with `redisCommandArgv`/`redisAppendCommandArgv`
/// (binary-safe, no format strings) and every reply is freed here.
final class RedisConnection {
    let host: String
    let port: Int32
    let database: Int
    private var context: UnsafeMutablePointer<redisContext>?
    /// How long to wait for a connection or a reply before calling the store unreachable.
    let timeout: timeval

    init(host: String, port: Int32, database: Int = 0, timeoutMilliseconds: Int = 1000) {
        self.host = host
        self.port = port
        self.database = database
        self.timeout = timeval(tv_sec: timeoutMilliseconds / 1000, tv_usec: Int((timeoutMilliseconds % 1000) * 1000))
        // A write to a server that died raises SIGPIPE, which would end the process; the
        // failed write is reported as an error instead.
        signal(SIGPIPE, SIG_IGN)
    }

    deinit { disconnect() }

    /// A reply, copied out of hiredis's memory.
    enum Reply: Equatable {
        case string(String)
        case integer(Int64)
        case array([Reply])
        case status(String)
        case nil_
        case error(String)

        var string: String? {
            if case .string(let s) = self { return s }
            return nil
        }
        var integer: Int64? {
            if case .integer(let i) = self { return i }
            return nil
        }
        var array: [Reply]? {
            if case .array(let a) = self { return a }
            return nil
        }
    }

    /// A broken connection or a server error reply.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func disconnect() {
        if let context { redisFree(context) }
        context = nil
    }

    /// Connects if not connected (again after a failure: the store recovers by itself).
    private func connected() throws -> UnsafeMutablePointer<redisContext> {
        if let context { return context }
        guard let fresh = redisConnectWithTimeout(host, port, timeout) else {
            throw Failure(description: "cannot allocate a Redis connection")
        }
        if fresh.pointee.err != 0 {
            let message = Self.errorString(fresh)
            redisFree(fresh)
            throw Failure(description: "redis \(host):\(port): \(message)")
        }
        redisSetTimeout(fresh, timeout)
        context = fresh
        if database != 0 {
            let reply = try command(["SELECT", String(database)])
            if case .error(let message) = reply {
                disconnect()
                throw Failure(description: "SELECT \(database): \(message)")
            }
        }
        return fresh
    }

    private static func errorString(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let end = bytes.firstIndex(of: 0) ?? bytes.count
            return String(decoding: bytes[..<end], as: UTF8.self)
        }
    }

    /// Sends one command and waits for its reply.
    func command(_ arguments: [String]) throws -> Reply {
        try pipeline([arguments])[0]
    }

    /// Sends several commands in one round trip and returns their replies in order.
    func pipeline(_ commands: [[String]]) throws -> [Reply] {
        let context = try connected()
        for arguments in commands {
            let status = Self.withArgv(arguments) { argc, argv, lengths in
                redisAppendCommandArgv(context, argc, argv, lengths)
            }
            guard status == REDIS_OK else { throw brokenConnection(context) }
        }
        var replies: [Reply] = []
        for _ in commands {
            var raw: UnsafeMutableRawPointer?
            guard redisGetReply(context, &raw) == REDIS_OK, let raw else { throw brokenConnection(context) }
            let reply = raw.assumingMemoryBound(to: redisReply.self)
            replies.append(Self.copy(reply))
            freeReplyObject(raw)
        }
        return replies
    }

    private func brokenConnection(_ context: UnsafeMutablePointer<redisContext>) -> Failure {
        var message = Self.errorString(context)
        if message.isEmpty || message == "Resource temporarily unavailable" { message = "no reply within the timeout" }
        // The connection is unusable after an I/O error; the next call reconnects.
        disconnect()
        return Failure(description: "redis \(host):\(port): \(message)")
    }

    private static func copy(_ reply: UnsafeMutablePointer<redisReply>) -> Reply {
        let r = reply.pointee
        switch r.type {
        case REDIS_REPLY_STRING: return .string(text(r))
        case REDIS_REPLY_STATUS: return .status(text(r))
        case REDIS_REPLY_ERROR: return .error(text(r))
        case REDIS_REPLY_INTEGER: return .integer(r.integer)
        case REDIS_REPLY_ARRAY:
            var items: [Reply] = []
            for index in 0..<r.elements {
                if let element = r.element[index] { items.append(copy(element)) }
            }
            return .array(items)
        default: return .nil_
        }
    }

    private static func text(_ reply: redisReply) -> String {
        guard let str = reply.str else { return "" }
        return str.withMemoryRebound(to: UInt8.self, capacity: reply.len) {
            String(decoding: UnsafeBufferPointer(start: $0, count: reply.len), as: UTF8.self)
        }
    }

    /// Calls `body` with C argument vectors that live for the duration of the call: all
    /// arguments in one buffer, and pointers into it.
    private static func withArgv<R>(
        _ arguments: [String], _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> R
    ) -> R {
        var bytes: [CChar] = []
        var offsets: [Int] = []
        var lengths: [Int] = []
        for argument in arguments {
            offsets.append(bytes.count)
            lengths.append(argument.utf8.count)
            for byte in argument.utf8 { bytes.append(CChar(bitPattern: byte)) }
            bytes.append(0)
        }
        return bytes.withUnsafeBufferPointer { buffer in
            var pointers = offsets.map { UnsafePointer<CChar>?(buffer.baseAddress! + $0) }
            return pointers.withUnsafeMutableBufferPointer { argv in
                lengths.withUnsafeBufferPointer { lens in
                    body(Int32(arguments.count), argv.baseAddress!, lens.baseAddress!)
                }
            }
        }
    }
}
