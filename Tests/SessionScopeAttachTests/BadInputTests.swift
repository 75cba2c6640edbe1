import Foundation
import SessionScopeAttach
import SessionScopeStores
import Testing

/// Bad input: one line on standard error saying what and where, exit 2, nothing on standard output.
private func expectOneLineFailure(
    _ arguments: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    let run = Binary.run(["attach"] + arguments)
    #expect(run.status == 2, "\(run)", sourceLocation: sourceLocation)
    #expect(run.stdout == "", sourceLocation: sourceLocation)
    #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)", sourceLocation: sourceLocation)
    #expect(run.stderr.contains(message), "\(run.stderr)", sourceLocation: sourceLocation)
}

@Test func anUnreachableServerIsOneLine() throws {
    let port = try freePort()
    expectOneLineFailure(["redis://127.0.0.1:\(port)", "--headless"], "redis 127.0.0.1:\(port): Connection refused")
}

@Test(.enabled(if: redisAvailable))
func aWrongOrMissingPasswordIsOneLineWithoutThePassword() throws {
    let server = try RedisServerProcess(configuration: ["--requirepass", "right-horse"])
    defer { server.stop() }
    let url = "redis://:Wr0ng-h0rse@127.0.0.1:\(server.port)"
    expectOneLineFailure(
        [url, "--headless"], "redis 127.0.0.1:\(server.port): WRONGPASS: the password (or user) is wrong")
    #expect(!Binary.run(["attach", url, "--headless"]).stderr.contains("Wr0ng"))
    expectOneLineFailure(
        ["redis://127.0.0.1:\(server.port)", "--headless"],
        "NOAUTH: the server needs a password: redis://:PASSWORD@127.0.0.1:\(server.port)")
    // And the right one works.
    let writer = RedisConnection(host: "127.0.0.1", port: server.port, password: "right-horse")
    _ = try writer.command(["SET", "session:abc", #"{"user":"alice"}"#])
    let right = Binary.run([
        "attach", "redis://:right-horse@127.0.0.1:\(server.port)", "--format", "flask-session", "--headless",
    ])
    #expect(right.status == 0, "\(right.stderr)")
}

@Test func aFileThatIsNotADatabaseIsOneLine() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("notes.db").path
    try Data("just some text, not a database at all\n".utf8).write(to: URL(fileURLWithPath: path))
    expectOneLineFailure([path, "--headless"], "sqlite \(path): not an SQLite database")
    expectOneLineFailure(["sqlite:\(dir.path)", "--headless"], "a directory, not a database")
}

@Test(.enabled(if: redisAvailable))
func aFormatThatDoesNotMatchIsOneLine() throws {
    let server = try RedisServerProcess()
    defer { server.stop() }
    let redis = RedisWriter(server)
    try redis.send("SET", "session:abc", #"{"user":"alice"}"#)
    expectOneLineFailure(
        [server.url, "--format", "php-redis", "--headless"],
        "redis 127.0.0.1:\(server.port)/0: no php-redis sessions (no keys PHPREDIS_SESSION:*); "
            + "found keys of 1 flask-session"
    )
    expectOneLineFailure(
        [server.url, "--format", "connect-redis", "--prefix", "session:", "--headless"],
        "keys session:* are not connect-redis sessions")
    expectOneLineFailure(
        [server.url, "--format", "spring-session", "--prefix", "session:", "--headless"],
        "keys session:* are not spring-session sessions")
    try redis.send("SET", "cache:x", "1")
    expectOneLineFailure([server.url, "--prefix", "cache:", "--headless"], "name the format with --format")
}

@Test func anEmptyRedisAndAnSQLiteWithoutSessionTablesAreOneLine() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("app.sqlite3").path
    let process = Fixture.run(
        "/usr/bin/env",
        ["python3", "-c", "import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute('create table users(id)')", path])
    #expect(process.status == 0)
    expectOneLineFailure(
        [path, "--headless"], "sqlite \(path): no session table (django_session, sessionscope_sessions) among users")
    expectOneLineFailure([path, "--format", "flask-session", "--headless"], "keeps its sessions in Redis, not SQLite")
}

@Test(.enabled(if: redisAvailable))
func anEmptyRedisCannotBeDetected() throws {
    let server = try RedisServerProcess()
    defer { server.stop() }
    expectOneLineFailure([server.url, "--headless"], "no keys to detect a format from; name one with --format")
}

@Test func badArgumentsExitTwo() {
    for arguments in [
        ["http://x", "--headless"], ["redis://:pw@h:notaport", "--headless"], ["redis://h:1", "--format", "xml"],
        ["redis://h:1", "--every", "soon"], ["redis://h:1", "--limit", "0"],
    ] {
        let run = Binary.run(["attach"] + arguments)
        #expect(run.status == 2, "\(arguments): \(run)")
        #expect(!run.stderr.contains("pw@"), "\(run.stderr)")
    }
}

private func freePort() throws -> Int32 {
    // A server started and stopped leaves its port free (and nothing listening on it).
    let server = try RedisServerProcess()
    let port = server.port
    server.stop()
    return port
}
