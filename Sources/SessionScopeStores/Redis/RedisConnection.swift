import CHiredis
import Glibc

/// A synchronous connection to a Redis server through hiredis: the only code that touches
/// the C library. Commands are sent with `redisCommandArgv`/`redisAppendCommandArgv`
/// (binary-safe, no format strings) and every reply is freed here.
///
/// With a password it logs in (`AUTH [USER] PASSWORD`) right after connecting, then selects
/// the database. The password is never part of any message it makes.
public final class RedisConnection {
    public let host: String
    public let port: Int32
    public let database: Int
    private let user: String?
    private let password: String?
    private var context: UnsafeMutablePointer<redisContext>?
    /// How long to wait for a connection or a reply before calling the store unreachable.
    let timeout: timeval

    public init(
        host: String, port: Int32, database: Int = 0, user: String? = nil, password: String? = nil,
        timeoutMilliseconds: Int = 1000
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.password = password
        self.timeout = timeval(tv_sec: timeoutMilliseconds / 1000, tv_usec: Int((timeoutMilliseconds % 1000) * 1000))
        // A write to a server that died raises SIGPIPE, which would end the process; the
        // failed write is reported as an error instead.
        signal(SIGPIPE, SIG_IGN)
    }

    /// A connection to the server a URL names, logging in with its user and password.
    public convenience init(url: RedisURL, timeoutMilliseconds: Int = 1000) {
        self.init(
            host: url.host, port: url.port, database: url.database, user: url.user, password: url.password,
            timeoutMilliseconds: timeoutMilliseconds)
    }

    deinit { disconnect() }

    /// `redis HOST:PORT`, the start of every message about this server.
    public var label: String { "redis \(host):\(port)" }

    /// A reply, copied out of hiredis's memory (bulk strings decoded as UTF-8).
    public enum Reply: Equatable {
        case string(String)
        case integer(Int64)
        case array([Reply])
        case status(String)
        case null
        case error(String)

        public var string: String? {
            if case .string(let s) = self { return s }
            return nil
        }
        public var integer: Int64? {
            if case .integer(let i) = self { return i }
            return nil
        }
        public var array: [Reply]? {
            if case .array(let a) = self { return a }
            return nil
        }
    }

    /// A reply with bulk strings kept as the bytes the server sent (values that are not text:
    /// msgpack, Java serialization, binary keys).
    public enum RawReply: Equatable, Sendable {
        case bytes([UInt8])
        case integer(Int64)
        case array([RawReply])
        case status(String)
        case null
        case error(String)

        public var bytes: [UInt8]? {
            if case .bytes(let b) = self { return b }
            return nil
        }
        public var integer: Int64? {
            if case .integer(let i) = self { return i }
            return nil
        }
        public var array: [RawReply]? {
            if case .array(let a) = self { return a }
            return nil
        }
    }

    /// A broken connection, a refused login or a server error reply.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public func disconnect() {
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
        if let password {
            let reply = try command(["AUTH"] + (user.map { [$0] } ?? []) + [password])
            if case .error(let message) = reply {
                disconnect()
                throw Failure(description: "\(label): \(Self.explainLogin(message))")
            }
        }
        if database != 0 {
            let reply = try command(["SELECT", String(database)])
            if case .error(let message) = reply {
                disconnect()
                throw Failure(description: "\(label): SELECT \(database): \(message)")
            }
        }
        return fresh
    }

    /// A refused `AUTH`, in words: the server's own reply names neither the URL nor the fix.
    static func explainLogin(_ message: String) -> String {
        if message.hasPrefix("WRONGPASS") || message.contains("invalid password") {
            return "WRONGPASS: the password (or user) is wrong"
        }
        if message.contains("without any password configured") {
            return "AUTH: the server has no password set; leave the password out of the URL"
        }
        return "AUTH: \(message)"
    }

    /// The plain message for a `NOAUTH` reply: the server wants a password the URL did not give.
    private var needsPassword: Failure {
        Failure(description: "\(label): NOAUTH: the server needs a password: redis://:PASSWORD@\(host):\(port)")
    }

    private static func errorString(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let end = bytes.firstIndex(of: 0) ?? bytes.count
            return String(decoding: bytes[..<end], as: UTF8.self)
        }
    }

    /// Sends one command and waits for its reply.
    public func command(_ arguments: [String]) throws -> Reply {
        try pipeline([arguments])[0]
    }

    /// Sends several commands in one round trip and returns their replies in order. A `NOAUTH`
    /// reply throws a `Failure` that says so plainly.
    public func pipeline(_ commands: [[String]]) throws -> [Reply] {
        try exchange(commands.map { $0.map { Array($0.utf8) } }, copy: Self.copy)
    }

    /// `pipeline` with binary-safe arguments and replies: bulk strings come back as bytes.
    public func rawPipeline(_ commands: [[[UInt8]]]) throws -> [RawReply] {
        try exchange(commands, copy: Self.copyRaw)
    }

    /// Waits for the next reply the server sends without a command: a pub/sub message on a
    /// subscribed connection (1.1: the eviction watch). Throws when none comes within the timeout.
    public func nextPush() throws -> Reply {
        let context = try connected()
        var raw: UnsafeMutableRawPointer?
        guard redisGetReply(context, &raw) == REDIS_OK, let raw else { throw brokenConnection(context) }
        defer { freeReplyObject(raw) }
        return Self.copy(raw.assumingMemoryBound(to: redisReply.self))
    }

    private func exchange<R>(_ commands: [[[UInt8]]], copy: (UnsafeMutablePointer<redisReply>) -> R) throws -> [R] {
        let context = try connected()
        for arguments in commands {
            let status = Self.withArgv(arguments) { argc, argv, lengths in
                redisAppendCommandArgv(context, argc, argv, lengths)
            }
            guard status == REDIS_OK else { throw brokenConnection(context) }
        }
        var replies: [R] = []
        replies.reserveCapacity(commands.count)
        var refused = false
        for _ in commands {
            var raw: UnsafeMutableRawPointer?
            guard redisGetReply(context, &raw) == REDIS_OK, let raw else { throw brokenConnection(context) }
            let reply = raw.assumingMemoryBound(to: redisReply.self)
            if reply.pointee.type == REDIS_REPLY_ERROR, Self.text(reply.pointee).hasPrefix("NOAUTH") { refused = true }
            replies.append(copy(reply))
            freeReplyObject(raw)
        }
        if refused { throw needsPassword }
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
        default: return .null
        }
    }

    private static func copyRaw(_ reply: UnsafeMutablePointer<redisReply>) -> RawReply {
        let r = reply.pointee
        switch r.type {
        case REDIS_REPLY_STRING:
            guard let str = r.str else { return .bytes([]) }
            return .bytes(
                str.withMemoryRebound(to: UInt8.self, capacity: r.len) {
                    Array(UnsafeBufferPointer(start: $0, count: r.len))
                })
        case REDIS_REPLY_STATUS: return .status(text(r))
        case REDIS_REPLY_ERROR: return .error(text(r))
        case REDIS_REPLY_INTEGER: return .integer(r.integer)
        case REDIS_REPLY_ARRAY:
            var items: [RawReply] = []
            items.reserveCapacity(r.elements)
            for index in 0..<r.elements {
                if let element = r.element[index] { items.append(copyRaw(element)) }
            }
            return .array(items)
        default: return .null
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
        _ arguments: [[UInt8]], _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> R
    ) -> R {
        var bytes: [CChar] = []
        var offsets: [Int] = []
        var lengths: [Int] = []
        for argument in arguments {
            offsets.append(bytes.count)
            lengths.append(argument.count)
            for byte in argument { bytes.append(CChar(bitPattern: byte)) }
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
