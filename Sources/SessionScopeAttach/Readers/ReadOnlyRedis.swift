import SessionScopeStores

/// The one place attach talks to Redis, and the one place that enforces that it only reads:
/// every command is checked against the contract's list before it is sent.
final class ReadOnlyRedis {
    /// The commands attach may send (the contract's list). `CLIENT` and `MEMORY` only with the
    /// sub-command named.
    static let allowed: [String] = [
        "AUTH", "HELLO", "SELECT", "PING", "CLIENT SETNAME", "SCAN", "TYPE", "GET", "HGETALL", "SMEMBERS", "TTL",
        "PTTL", "MEMORY USAGE", "INFO", "DBSIZE",
    ]

    private static let allowedSet = Set(allowed)

    let url: RedisURL
    private let connection: RedisConnection

    init(url: RedisURL, timeoutMilliseconds: Int = 2000) {
        self.url = url
        connection = RedisConnection(url: url, timeoutMilliseconds: timeoutMilliseconds)
    }

    /// `redis 127.0.0.1:6379/0`, the start of messages about this store.
    var label: String { "redis \(url.endpoint)/\(url.database)" }

    /// The name a command goes by in the list: `GET`, `CLIENT SETNAME`.
    static func name(_ arguments: [[UInt8]]) -> String {
        let first = String(decoding: arguments.first ?? [], as: UTF8.self).uppercased()
        guard first == "CLIENT" || first == "MEMORY", arguments.count > 1 else { return first }
        return first + " " + String(decoding: arguments[1], as: UTF8.self).uppercased()
    }

    /// Sends commands in one round trip. A command not on the list is a programming error and
    /// is refused before anything is sent.
    func send(_ commands: [[[UInt8]]]) throws -> [RedisConnection.RawReply] {
        for command in commands where !Self.allowedSet.contains(Self.name(command)) {
            throw AttachError("attach refused to send \(Self.name(command)) to \(label): it only reads")
        }
        do {
            return try connection.rawPipeline(commands)
        } catch let failure as RedisConnection.Failure {
            throw AttachError(failure.description)
        }
    }

    func send(_ command: String...) throws -> RedisConnection.RawReply {
        try send([command.map { Array($0.utf8) }])[0]
    }

    func close() { connection.disconnect() }
}

/// What went wrong, in one line that says what and where (the CLI prints it and exits 2).
public struct AttachError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
