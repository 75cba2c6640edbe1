import Foundation
import SessionScopeCore
import SessionScopeStores
import Testing

@Test func redisURLsReadUserPasswordHostPortAndDatabase() throws {
    #expect(try RedisURL(parsing: "redis://127.0.0.1:6390") == RedisURL(host: "127.0.0.1", port: 6390))
    #expect(try RedisURL(parsing: "redis://cache") == RedisURL(host: "cache", port: 6379))
    #expect(
        try RedisURL(parsing: "redis://:s3cret@127.0.0.1:6390/2")
            == RedisURL(host: "127.0.0.1", port: 6390, database: 2, password: "s3cret"))
    #expect(
        try RedisURL(parsing: "redis://alice:pa%40ss%3Aword@127.0.0.1:6390")
            == RedisURL(host: "127.0.0.1", port: 6390, user: "alice", password: "pa@ss:word"))
    // An unencoded '@' in the password: the last '@' ends the user part.
    #expect(try RedisURL(parsing: "redis://:a@b@h:1").password == "a@b")
    #expect(try RedisURL(parsing: "redis://[::1]:6390").host == "::1")
}

@Test func aRedisURLShowsItsPasswordMasked() throws {
    let url = try RedisURL(parsing: "redis://alice:hunter2@127.0.0.1:6379/0")
    #expect(url.description == "redis://alice:***@127.0.0.1:6379/0")
    #expect(try RedisURL(parsing: "redis://:hunter2@127.0.0.1:6390").description == "redis://:***@127.0.0.1:6390/0")
    #expect(try RedisURL(parsing: "redis://127.0.0.1:6390/3").description == "redis://127.0.0.1:6390/3")
}

@Test func badRedisURLsSayWhatIsWrongWithoutThePassword() {
    let cases: [(String, String)] = [
        ("http://127.0.0.1:6379", "it does not start with redis://"),
        ("redis://:hunter2@127.0.0.1:99999", "port '99999' is not a number from 1 to 65535"),
        ("redis://:hunter2@127.0.0.1:x", "port 'x' is not a number from 1 to 65535"),
        ("redis://:hunter2@127.0.0.1:6379/x", "database 'x' is not a number from 0"),
        ("redis://:hunter2@:6379", "no host"),
        ("redis://hunter2@127.0.0.1:6379", "the part before '@' needs a ':'"),
        ("redis://:hunter2%zz@127.0.0.1:6379", "bad %-encoding"),
    ]
    for (text, what) in cases {
        do {
            _ = try RedisURL(parsing: text)
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.description.contains(what), "\(error.description)")
            #expect(!error.description.contains("hunter2"), "\(error.description)")
        }
    }
}

/// A private server that wants `requirepass`, and an ACL user `alice`.
private func passwordServer() throws -> RedisServerProcess {
    try RedisServerProcess(configuration: [
        "--requirepass", "right-horse", "--user", "alice", "on", ">alice-pw", "~*", "&*", "+@all",
    ])
}

private func store(_ url: String) throws -> RedisStore {
    RedisStore(url: try RedisURL(parsing: url), runID: "auth-\(UUID().uuidString.prefix(8))", rules: testRules)
}

private func record() -> SessionRecord {
    var random = SplitMix64(seed: 4)
    return SessionRecord(
        id: SessionID(using: &random), user: "alice", created: .zero, lastAccess: .zero,
        clientIP: IPv4(parsing: "10.0.0.1")!)
}

@Test(.enabled(if: redisAvailable))
func theRightPasswordAndTheRightACLUserLogIn() throws {
    let server = try passwordServer()
    defer { server.stop() }
    for url in ["redis://:right-horse@127.0.0.1:\(server.port)", "redis://alice:alice-pw@127.0.0.1:\(server.port)/1"] {
        let store = try store(url)
        defer { store.close() }
        try store.save(record(), expiresAt: Instant(milliseconds: 60_000), now: .zero)
        #expect(try store.load(record().id) == record(), "\(url)")
        #expect(try store.count() == 1)
    }
}

@Test(.enabled(if: redisAvailable))
func aWrongPasswordIsNamedWRONGPASSAndNeverShown() throws {
    let server = try passwordServer()
    defer { server.stop() }
    for url in [
        "redis://:wrong-horse@127.0.0.1:\(server.port)", "redis://alice:wrong-horse@127.0.0.1:\(server.port)",
        "redis://mallory:wrong-horse@127.0.0.1:\(server.port)",
    ] {
        let store = try store(url)
        defer { store.close() }
        do {
            _ = try store.count()
            Issue.record("\(url) logged in")
        } catch {
            let message = String(describing: error)
            #expect(
                message.contains("redis 127.0.0.1:\(server.port): WRONGPASS: the password (or user) is wrong"),
                "\(message)")
            #expect(!message.contains("wrong-horse"), "\(message)")
        }
    }
}

@Test(.enabled(if: redisAvailable))
func noPasswordIsNamedNOAUTHWithTheFix() throws {
    let server = try passwordServer()
    defer { server.stop() }
    let store = try store("redis://127.0.0.1:\(server.port)")
    defer { store.close() }
    do {
        _ = try store.count()
        Issue.record("no password needed")
    } catch {
        #expect(
            String(describing: error).contains(
                "redis 127.0.0.1:\(server.port): NOAUTH: the server needs a password: "
                    + "redis://:PASSWORD@127.0.0.1:\(server.port)"
            ), "\(error)")
    }
}

@Test(.enabled(if: redisAvailable))
func theCommandLineNeverPrintsThePassword() throws {
    let server = try passwordServer()
    defer { server.stop() }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sessionscope-auth-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("login.scn")
    try Data("browser alice\nalice login alice\nexpect alice.status == 200\n".utf8).write(to: file)

    let secret = "Tr0ub4dor-wrong"
    let url = "redis://:\(secret)@127.0.0.1:\(server.port)"
    for arguments in [
        ["check", "--store", "redis", "--redis", url, file.path],
        ["replay", "--headless", "--store", "redis", "--redis", url, file.path],
        ["check", "--store", "redis", "--redis", "redis://:\(secret)@127.0.0.1:notaport", file.path],
    ] {
        let run = try runBinary(arguments)
        let output = run.stdout + run.stderr
        #expect(!output.contains(secret), "\(arguments[0]): \(output)")
        #expect(run.status != 0)
    }
    // check says only what failed (503); the transcript names the cause, plainly and masked.
    let replay = try runBinary(["replay", "--headless", "--store", "redis", "--redis", url, file.path])
    #expect(
        (replay.stdout + replay.stderr).contains(
            "redis 127.0.0.1:\(server.port): WRONGPASS: the password (or user) is wrong"), "\(replay)")
    let right = try runBinary([
        "check", "--store", "redis", "--redis", "redis://:right-horse@127.0.0.1:\(server.port)", file.path,
    ])
    #expect(right.status == 0, "\(right)")
}

/// Runs the `sessionscope` built beside the test bundle.
private func runBinary(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let run = try Binary.run(arguments)
    return (run.status, run.stdout, run.stderr)
}
