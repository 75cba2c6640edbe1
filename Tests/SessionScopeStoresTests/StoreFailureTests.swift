import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores
import Testing

// The store's own failures (1.1): `store restart`, `maxmemory`, evictions, against a real
// redis-server started by the provider (and a real SQLite file).

/// A store=redis world on a private redis-server with `words` (`persistence=aof`, ...), alice logged in.
private func redisWorld(_ provider: StoreProvider, _ words: [String]) throws -> World {
    var settings = ClusterSettings()
    settings.store = .redis
    for word in words {
        let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
        try settings.set(parts[0], parts[1])
    }
    var world = try World(settings: settings, storeFactory: provider.make)
    _ = try world.apply(.openBrowser(name: "alice", ip: nil))
    _ = try world.apply(.login(browser: "alice", user: "alice", password: nil, remember: false))
    #expect(world.browser(named: "alice")?.last?.status == 200)
    return world
}

private func status(_ world: inout World, _ browser: String, _ path: String = "/me") throws -> Int? {
    _ = try world.apply(.request(browser: browser, method: .get, path: path, form: []))
    return world.browser(named: browser)?.last?.status
}

private func restarted(_ events: [Event]) -> (how: String, before: Int?, after: Int?)? {
    for event in events {
        if case .storeRestarted(let how, let before, let after) = event { return (how, before, after) }
    }
    return nil
}

/// `CONFIG GET NAME` on the provider's private server, through redis-cli.
private func config(_ provider: StoreProvider, _ name: String) throws -> String {
    let server = try #require(provider.privateRedis)
    let lines = try rawCommand(server, ["CONFIG", "GET", name]).split(separator: "\n")
    return lines.count >= 2 ? String(lines[1]) : ""
}

@Test(.enabled(if: redisAvailable))
func aRestartWithoutPersistenceLogsEverybodyOut() throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    var world = try redisWorld(provider, [])
    // persistence=off is really off: no snapshot points, no append-only file.
    #expect(try config(provider, "save") == "")
    #expect(try config(provider, "appendonly") == "no")
    _ = try world.apply(.crowd(count: 3, login: true))
    let pid = try #require(provider.privateRedis?.processIdentifier)

    let events = try world.apply(.storeRestart)
    let restart = try #require(restarted(events))
    #expect(restart.before == 4)
    #expect(restart.after == 0)
    #expect(restart.how.contains("started empty"))
    #expect(provider.privateRedis?.processIdentifier != pid, "a new redis-server process")
    #expect(world.storeRestarts == 1)
    #expect(try status(&world, "alice") == 401)
    #expect(world.sharedStoreCount() == 1)  // the new, empty session /me was given
}

@Test(.enabled(if: redisAvailable))
func aRestartWithAnAppendOnlyFileKeepsEverySession() throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    var world = try redisWorld(provider, ["persistence=aof"])
    #expect(try config(provider, "appendonly") == "yes")
    #expect(try config(provider, "appendfsync") == "everysec")
    #expect(try config(provider, "save") == "")
    _ = try world.apply(.crowd(count: 3, login: true))
    _ = try world.apply(.request(browser: "alice", method: .post, path: "/cart", form: [FormField("item", "tea")]))

    let restart = try #require(restarted(try world.apply(.storeRestart)))
    #expect(restart.before == 4)
    #expect(restart.after == 4)
    #expect(restart.how.contains("append-only file"))
    #expect(try status(&world, "alice") == 200)
    #expect(world.value(of: .data("alice", .cart)) == .word("tea"))
    _ = try world.apply(.storeRestart)
    #expect(world.storeRestarts == 2)
    #expect(world.value(of: .store(.restarts)) == .number(2))
    #expect(world.sharedStoreCount() == 4)
}

@Test func aSQLiteRestartClosesAndReopensTheFileAndKeepsEverySession() throws {
    let path = temporaryDatabasePath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let provider = StoreProvider(options: StoreOptions(sqlitePath: path))
    defer { provider.shutdown() }
    var world = try sqliteWorld(path, provider)
    _ = try world.apply(.login(browser: "alice", user: "alice", password: nil, remember: false))
    _ = try world.apply(.crowd(count: 2, login: true))
    let restart = try #require(restarted(try world.apply(.storeRestart)))
    #expect(restart.before == 3)
    #expect(restart.after == 3)
    #expect(restart.how.contains("SQLite file was closed and opened again"))
    #expect(try status(&world, "alice") == 200)
    #expect(world.storeRestarts == 1)
}

@Test func aStoreWithoutAProcessCannotRestart() throws {
    for store in [StoreKind.local, .replicated, .jwt] {
        var settings = ClusterSettings()
        settings.store = store
        var world = try World(settings: settings)
        #expect(try world.apply(.storeRestart) == [.storeNotShared(store)])
        #expect(world.storeRestarts == 0)
    }
}

@Test(.enabled(if: redisAvailable))
func theServerRunsWithTheClusterSettingsAndIsReplacedWhenTheyChange() throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    var world = try redisWorld(provider, ["maxmemory=3mb", "eviction=allkeys-lru"])
    #expect(try config(provider, "maxmemory") == String(3 << 20))
    #expect(try config(provider, "maxmemory-policy") == "allkeys-lru")
    #expect(try config(provider, "notify-keyspace-events").contains("e"))
    let first = try #require(provider.privateRedis?.processIdentifier)
    // The same settings again: the same server.
    var same = ClusterSettings()
    same.store = .redis
    same.maxMemory = 3 << 20
    same.eviction = .allkeysLRU
    _ = try world.apply(.cluster(same))
    #expect(provider.privateRedis?.processIdentifier == first)
    // Other settings: a server started with them.
    var other = ClusterSettings()
    other.store = .redis
    _ = try world.apply(.cluster(other))
    #expect(provider.privateRedis?.processIdentifier != first)
    #expect(try config(provider, "maxmemory") == "0")
    #expect(try config(provider, "maxmemory-policy") == "noeviction")
}

@Test(.enabled(if: redisAvailable))
func aWriteThatDoesNotFitIsA503WithRedisOwnError() throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    var world = try redisWorld(provider, ["maxmemory=2mb"])
    var refusal: String?
    for n in 1...20_000 where refusal == nil {
        let name = "b\(n)"
        _ = try world.apply(.openBrowser(name: name, ip: nil))
        let events = try world.apply(.request(browser: name, method: .get, path: "/", form: []))
        guard world.browser(named: name)?.last?.status == 503 else { continue }
        for event in events {
            if case .requestRejected(_, .storeUnavailable(let cause)) = event { refusal = cause }
        }
    }
    let cause = try #require(refusal, "no write was refused under maxmemory=2mb")
    #expect(cause.contains("OOM command not allowed"), "cause: \(cause)")
    // noeviction evicts nothing: alice's session is still there, but her visit touches it,
    // which is a write, and Redis refuses every write now.
    #expect(world.storeEvictedCount() == 0)
    #expect(try status(&world, "alice") == 503)
    #expect(world.value(of: .data("alice", .user)) == .word("alice"))
}

@Test(.enabled(if: redisAvailable))
func evictionsAreCountedAndTheMissSaysSo() throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    var world = try redisWorld(provider, ["maxmemory=2mb", "eviction=allkeys-lru"])
    let crowd = 12_000
    _ = try world.apply(.crowd(count: crowd, login: false))
    let evicted = try #require(world.storeEvictedCount())
    #expect(evicted > 0)
    // Every session is either still in Redis or was reported evicted by it. Reading evicts too
    // (Redis counts the replies' buffers against maxmemory), so the count is bracketed by the
    // evictions reported before and after it: a lost notification would break the upper bound.
    let held = try #require(world.sharedStoreCount())
    let after = try #require(world.storeEvictedCount())
    #expect(held + evicted <= crowd + 1)
    #expect(held + after >= crowd + 1)
    #expect(Operator.greaterOrEqual.holds(world.value(of: .store(.evicted)), .number(Int64(after))))
    // A guest whose session went: its request says why.
    var reason: MissReason?
    for k in 1...crowd where reason == nil {
        let events = try world.apply(.request(browser: "guest-\(k)", method: .get, path: "/", form: []))
        for event in events {
            if case .sessionMissed(_, let why, _) = event, why != .unknown { reason = why }
        }
    }
    #expect(reason == .evicted(policy: "allkeys-lru"))
    let text = EventText.lines(.sessionMissed(id: "ab", why: .evicted(policy: "allkeys-lru"), at: .store))
    #expect(text.joined().contains("evicted by redis: allkeys-lru"))
}

@Test(.enabled(if: redisAvailable))
func aRedisNamedByURLIsNotReconfiguredNorRestarted() throws {
    let server = try RedisServerProcess()
    defer { server.stop() }
    let provider = StoreProvider(options: StoreOptions(redisURL: server.url))
    defer { provider.shutdown() }
    var settings = ClusterSettings()
    settings.store = .redis
    settings.persistence = .aof
    #expect {
        _ = try World(settings: settings, storeFactory: provider.make)
    } throws: { error in
        "\(error)".contains("persistence=aof: leave out --redis; the Redis it names was not started by sessionscope")
    }
    var world = try World(settings: ClusterSettings(), storeFactory: provider.make)
    var plain = ClusterSettings()
    plain.store = .redis
    _ = try world.apply(.cluster(plain))
    #expect {
        _ = try world.apply(.storeRestart)
    } throws: { error in
        "\(error)".contains("it is not ours to restart")
    }
    #expect(world.storeRestarts == 0)
}

@Test(.enabled(if: redisAvailable))
func expiredSessionsAreSweptUnderMaxmemory() throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    var world = try redisWorld(provider, ["maxmemory=2mb", "eviction=allkeys-random"])
    _ = try world.apply(.crowd(count: 8_000, login: false))
    #expect(try #require(world.storeEvictedCount()) > 0)
    #expect(try #require(world.sharedStoreCount()) > 0)
    // Whatever Redis evicted (the expiry index too, perhaps), every session left expires.
    _ = try world.apply(.advance(.minutes(31)))
    #expect(world.sharedStoreCount() == 0)
}
