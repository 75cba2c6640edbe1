import Foundation
import SessionScopeAttach
import SessionScopeStores
import Testing

let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

/// Redis tests run where redis-server is installed, and always in CI, where a missing one fails.
let redisAvailable = inCI || FileManager.default.isExecutableFile(atPath: "/usr/bin/redis-server")

/// The real libraries the fixtures use: Flask-Session, Django and redis-py; php with phpredis.
/// Missing here, those tests are skipped; in CI they run and fail, as a missing dependency must.
let pythonLibrariesAvailable =
    inCI || Fixture.run("/usr/bin/env", ["python3", "-c", "import flask_session, django, redis"]).status == 0
let phpRedisAvailable =
    inCI || Fixture.run("/usr/bin/env", ["php", "-r", "exit(extension_loaded('redis') ? 0 : 1);"]).status == 0

enum Fixture {
    static var directory: URL { Bundle.module.resourceURL!.appendingPathComponent("Fixtures") }

    /// Runs a program; its status and output (standard error folded in for messages).
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return (127, "", "\(error)") }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }

    /// Runs a fixture script (python3 or php) and returns its `<user> <id>` lines; a failure fails the test.
    static func script(_ name: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation)
        -> [(user: String, id: String)]
    {
        let interpreter = name.hasSuffix(".php") ? "php" : "python3"
        let result = run("/usr/bin/env", [interpreter, directory.appendingPathComponent(name).path] + arguments)
        #expect(result.status == 0, "\(name): \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }
    }

    /// A new empty temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sessionscope-attach-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Runs the built `sessionscope`.
enum Binary {
    static var url: URL {
        if let path = ProcessInfo.processInfo.environment["SESSIONSCOPE_BIN"] { return URL(fileURLWithPath: path) }
        var dir = Bundle.main.bundleURL
        if dir.pathExtension == "xctest" { dir.deleteLastPathComponent() }
        return dir.appendingPathComponent("sessionscope")
    }

    static func run(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) {
        Fixture.run(url.path, arguments)
    }

    /// `attach ... --headless --json`, parsed.
    static func attachJSON(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws
        -> [String: Any]
    {
        let result = run(["attach"] + arguments + ["--headless", "--json"])
        #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.split(separator: "\n").count == 1, "one line", sourceLocation: sourceLocation)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(object as? [String: Any], sourceLocation: sourceLocation)
    }
}

/// Writes fixture data straight into a Redis (the tests' own connection, not attach's).
struct RedisWriter {
    let connection: RedisConnection

    init(_ server: RedisServerProcess) {
        connection = RedisConnection(host: "127.0.0.1", port: server.port)
    }

    func send(_ arguments: [[UInt8]]) throws {
        let reply = try connection.rawPipeline([arguments])[0]
        if case .error(let message) = reply { throw AttachError("fixture write failed: \(message)") }
    }

    func send(_ arguments: String...) throws { try send(arguments.map { Array($0.utf8) }) }
}

extension [String: Any] {
    var sessions: [[String: Any]] { self["sessions"] as? [[String: Any]] ?? [] }
    var anomalies: [String: Int] { self["anomalies"] as? [String: Int] ?? [:] }

    /// The session whose id is `id`.
    func session(_ id: String) -> [String: Any]? { sessions.first { $0["id"] as? String == id } }
}
