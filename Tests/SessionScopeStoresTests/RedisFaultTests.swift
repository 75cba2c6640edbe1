import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores
import Testing

@Test(.enabled(if: redisAvailable))
func killingRedisMidScenarioGives503WithACauseThenRecovers() throws {
    let server = try RedisServerProcess()
    defer { server.stop() }
    let provider = StoreProvider(options: StoreOptions(redisURL: server.url))
    defer { provider.shutdown() }
    var settings = ClusterSettings()
    settings.store = .redis
    var world = try World(settings: settings, storeFactory: provider.make)
    _ = try world.apply(.openBrowser(name: "alice", ip: nil))
    _ = try world.apply(.login(browser: "alice", user: "alice", password: nil, remember: false))
    #expect(world.browser(named: "alice")?.last?.status == 200)

    server.kill()
    let events = try world.apply(.request(browser: "alice", method: .get, path: "/me", form: []))
    #expect(world.browser(named: "alice")?.last?.status == 503)
    let failure = events.compactMap { event -> String? in
        if case .storeFailed(_, let cause) = event { return cause }
        return nil
    }.first
    #expect(failure?.contains("redis 127.0.0.1:\(server.port)") == true, "cause: \(failure ?? "none")")
    // The failed load is reported as a failure, never with a latency as if it had succeeded.
    #expect(!events.contains { if case .storeOperation = $0 { return true } else { return false } })
    #expect(world.sharedStoreCount() == nil)

    // Back up (empty: persistence is off), the world recovers by itself.
    try server.restart()
    _ = try world.apply(.request(browser: "alice", method: .get, path: "/me", form: []))
    #expect(world.browser(named: "alice")?.last?.status == 401)
    _ = try world.apply(.login(browser: "alice", user: "alice", password: nil, remember: false))
    _ = try world.apply(.request(browser: "alice", method: .get, path: "/me", form: []))
    #expect(world.browser(named: "alice")?.last?.status == 200)
    #expect(world.sharedStoreCount() == 1)
}

@Test(.enabled(if: redisAvailable))
func twoRunsAgainstOneRedisKeepApartAndLeaveNoKeys() throws {
    let server = try RedisServerProcess()
    defer { server.stop() }
    let first = StoreProvider(options: StoreOptions(redisURL: server.url))
    let second = StoreProvider(options: StoreOptions(redisURL: server.url))
    var settings = ClusterSettings()
    settings.store = .redis
    var a = try World(settings: settings, storeFactory: first.make)
    var b = try World(settings: settings, storeFactory: second.make)
    _ = try a.apply(.crowd(count: 5, login: true))
    _ = try b.apply(.crowd(count: 3, login: false))
    // Same seed, so the same session ids in both runs: the prefixes must still keep them apart.
    #expect(a.sharedStoreCount() == 5)
    #expect(b.sharedStoreCount() == 3)
    #expect(try dbSize(server) > 0)
    first.shutdown()
    #expect(b.sharedStoreCount() == 3)
    second.shutdown()
    #expect(try dbSize(server) == 0)
}

@Test(.enabled(if: redisAvailable))
func theStoreListsItsRealContents() throws {
    let server = try RedisServerProcess()
    defer { server.stop() }
    let store = RedisStore(host: "127.0.0.1", port: server.port, runID: "list-test", rules: testRules)
    defer { store.close() }
    var random = SplitMix64(seed: 9)
    let record = SessionRecord(
        id: SessionID(using: &random), user: "alice", created: .zero,
        lastAccess: Instant(milliseconds: 5000), clientIP: IPv4(parsing: "10.0.0.1")!)
    try store.save(record, expiresAt: Instant(milliseconds: 5000 + 1_800_000), now: Instant(milliseconds: 5000))
    #expect(try store.list(limit: 10) == [record])
    #expect(try store.load(record.id) == record)
    #expect(store.drainTimings().map(\.operation) == ["redis HSET", "redis ZRANGE", "redis HGETALL", "redis HGETALL"])
    // The key has a real TTL as a backstop.
    let ttl = try rawCommand(server, ["TTL", "sessionscope:list-test:sess:\(record.id)"])
    #expect(ttl.contains(":"), "TTL reply \(ttl)")
}

@Test func aRefusedConnectionIsA503WithTheCause() throws {
    let provider = StoreProvider(options: StoreOptions(redisURL: "redis://127.0.0.1:1"))
    // As in the terminal UI, which starts even when the store cannot be reached.
    provider.requireReachable = false
    defer { provider.shutdown() }
    var settings = ClusterSettings()
    settings.store = .redis
    // Nothing listens on port 1: a refused connection is a 503 with the cause, not a crash.
    var world = try World(settings: settings, storeFactory: provider.make)
    _ = try world.apply(.openBrowser(name: "alice", ip: nil))
    let events = try world.apply(.request(browser: "alice", method: .get, path: "/", form: []))
    #expect(world.browser(named: "alice")?.last?.status == 503)
    #expect(
        events.contains {
            if case .storeFailed(_, let cause) = $0 { return cause.contains("refused") }
            return false
        })
}

/// The number of keys in the server, through redis-cli (a second, independent client).
func dbSize(_ server: RedisServerProcess) throws -> Int {
    let reply = try rawCommand(server, ["DBSIZE"])
    return Int(reply.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").last ?? "") ?? -1
}

func rawCommand(_ server: RedisServerProcess, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-cli")
    process.arguments = ["-p", String(server.port)] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    // redis-cli prints "(integer) 5" on a terminal and "5" otherwise; TTL needs a ':' marker.
    return arguments.first == "TTL" ? "ttl:" + text : text
}
