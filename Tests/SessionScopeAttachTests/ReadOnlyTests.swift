import Foundation
import GRDB
import SessionScopeAttach
import SessionScopeStores
import Testing

/// Every command Redis receives during an attach, as `MONITOR` reports it, is on the
/// contract's list: the headless snapshot, detection, a Spring principal index (SMEMBERS).
@Test(.enabled(if: redisAvailable && pythonLibrariesAvailable))
func monitorSeesOnlyTheAllowedCommands() throws {
    let server = try RedisServerProcess()
    defer { server.stop() }
    let redis = RedisWriter(server)
    try redis.send("SET", "sess:a", #"{"cookie":{},"user":"alice"}"#, "EX", "60")
    try redis.send("SET", "sess:b", "garbage")
    try redis.send("HSET", "spring:session:sessions:x1", "creationTime", "1", "lastAccessedTime", "2")
    try redis.send(
        "SADD",
        "spring:session:index:org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME:bob",
        "x1")

    let monitor = Process()
    monitor.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    monitor.arguments = [
        "python3", Fixture.directory.appendingPathComponent("monitor.py").path, String(server.port), "end-of-attach",
    ]
    let pipe = Pipe()
    monitor.standardOutput = pipe
    monitor.standardError = FileHandle.nullDevice
    try monitor.run()
    defer { if monitor.isRunning { monitor.terminate() } }
    // The script says "ready" once MONITOR is on.
    var seen = Data()
    while !String(decoding: seen, as: UTF8.self).contains("ready") {
        let chunk = pipe.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        seen.append(chunk)
    }

    for arguments in [
        [server.url, "--headless", "--json"], [server.url, "--format", "spring-session", "--headless"],
        [server.url, "--format", "connect-redis", "--headless", "--limit", "1"],
    ] {
        let run = Binary.run(["attach"] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
    }
    // A last command marks the end of attach's traffic; the script exits when it sees it.
    _ = try RedisConnection(host: "127.0.0.1", port: server.port).command(["ECHO", "end-of-attach"])
    seen.append(pipe.fileHandleForReading.readDataToEndOfFile())
    monitor.waitUntilExit()
    let text = String(decoding: seen, as: UTF8.self)

    // 1700000000.123456 [0 127.0.0.1:54321] "SCAN" "0" "MATCH" "*" "COUNT" "1000"
    var names: Set<String> = []
    for line in text.split(separator: "\n") where line.contains("] \"") && !line.contains("end-of-attach") {
        let quoted = line.split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        guard let first = quoted.first?.uppercased() else { continue }
        names.insert(first == "CLIENT" || first == "MEMORY" ? first + " " + quoted[1].uppercased() : first)
    }
    let allowed: Set<String> = [
        "AUTH", "HELLO", "SELECT", "PING", "CLIENT SETNAME", "SCAN", "TYPE", "GET", "HGETALL", "SMEMBERS", "TTL",
        "PTTL", "MEMORY USAGE", "INFO", "DBSIZE",
    ]
    #expect(names.isSubset(of: allowed), "not allowed: \(names.subtracting(allowed).sorted())")
    #expect(names.isSuperset(of: ["SCAN", "GET", "HGETALL", "PTTL", "SMEMBERS"]), "\(names.sorted())")
}

/// The SQLite file is opened read-only: its bytes and its modification time stay as they were,
/// and no journal or WAL file appears beside it.
@Test(.enabled(if: pythonLibrariesAvailable))
func theSQLiteFileIsUnchangedByAnAttach() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("db.sqlite3").path
    _ = Fixture.script("django_sessions.py", [path])
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
    let listing = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    usleep(20_000)

    let run = Binary.run(["attach", "sqlite:\(path)", "--headless", "--json"])
    #expect(run.status == 0, "\(run.stderr)")
    let reader = try SQLiteSessionReader(path: path, format: .auto)
    let page = try reader.page(after: nil, now: Date())
    _ = try reader.read(key: page.rows[0].key, now: Date())
    reader.shutdown()

    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == modified)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == listing)
}

@Test func aMissingSQLiteFileIsNotCreated() throws {
    let dir = try Fixture.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("missing.sqlite3").path
    let run = Binary.run(["attach", path, "--headless"])
    #expect(run.status == 2)
    #expect(run.stderr == "sessionscope attach: sqlite \(path): no such file\n")
    #expect(!FileManager.default.fileExists(atPath: path))
}

@Test func theReadOnlyListIsTheContracts() {
    #expect(
        RedisSessionReader.allowedCommands
            == [
                "AUTH", "HELLO", "SELECT", "PING", "CLIENT SETNAME", "SCAN", "TYPE", "GET", "HGETALL", "SMEMBERS",
                "TTL", "PTTL", "MEMORY USAGE", "INFO", "DBSIZE",
            ])
}
