import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores
import Testing

/// What a tryout found wrong with the store's own failures, against real redis-server and
/// redis-sentinel processes: a restart after a failover, the crowd's count under maxmemory,
/// the failover's count of lost sessions, the replication statements' wording, and private
/// servers a later cluster replaced.
@Suite(.serialized) struct StoreTryoutTests {
    private func world(_ line: String, provider: StoreProvider) throws -> World {
        let scenario = try Parser.parse(file: "t.scn", source: line + "\n")
        guard case .command(.cluster(let settings)) = scenario.statements[0].kind else {
            throw WorldError("not a cluster line: \(line)")
        }
        return try World(settings: settings, storeFactory: provider.make)
    }

    private func login(_ world: inout World, _ name: String) throws -> Int? {
        if world.browser(named: name) == nil { _ = try world.apply(.openBrowser(name: name, ip: nil)) }
        _ = try world.apply(.login(browser: name, user: name, password: nil, remember: false))
        return world.browser(named: name)?.last?.status
    }

    private func me(_ world: inout World, _ name: String) throws -> String? {
        _ = try world.apply(.request(browser: name, method: .get, path: "/me", form: []))
        return world.browser(named: name)?.last?.user
    }

    private func failover(_ events: [Event]) throws -> Failover {
        try #require(
            events.compactMap { event -> Failover? in
                if case .storeFailedOver(let failover) = event { return failover }
                return nil
            }.first, "\(events)")
    }

    private func crowdCounts(_ events: [Event]) throws -> [SessionCount] {
        try #require(
            events.compactMap { event -> [SessionCount]? in
                if case .crowdArrived(_, _, _, let sessions) = event { return sessions }
                return nil
            }.first, "\(events)")
    }

    private func role(_ topology: RedisTopology, _ node: Int) throws -> [String: String] {
        let text = try topology.nodeConnection(node).command(["INFO", "replication"]).string ?? ""
        var fields: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        return fields
    }

    @Test(.enabled(if: redisAvailable))
    func aRestartAfterAnOperatorFailoverRestartsTheNewPrimaryAsAPrimary() throws {
        let provider = StoreProvider()
        defer { provider.shutdown() }
        var world = try world("cluster store=redis replicas=2", provider: provider)
        let topology = try #require((world.store as? RedisStore)?.replicationTopology)
        #expect(try login(&world, "alice") == 200)
        // Alice's session on every replica before the crash (see the second failover below).
        _ = try world.apply(.storeLag(true))
        _ = try world.apply(.storeLag(false))
        let moved = try failover(try world.apply(.storeFailover))
        #expect(moved.lostSessions == 0 && moved.sameHistory, "\(moved)")
        // The highest offset wins; both replicas may hold the same (then store-2).
        let promoted = moved.to
        let other = promoted == 2 ? 3 : 2
        let restart = try world.apply(.storeRestart)
        let text = restart.flatMap { EventText.lines($0) }.joined(separator: "\n")
        #expect(
            text.contains("the primary, store-\(promoted),") && text.contains("its 1 replica copied it again"),
            "\(text)")
        #expect(world.value(of: .store(.primary)) == .word("store-\(promoted)"))
        #expect(try role(topology, promoted)["role"] == "master")
        // The other replica replicates the restarted primary again (through its relay).
        let replica = try role(topology, other)
        #expect(replica["role"] == "slave" && replica["master_link_status"] == "up", "\(replica)")
        #expect(try role(topology, promoted)["master_replid"] == replica["master_replid"])
        // Requests work: a new login is stored and reaches the replica.
        #expect(try login(&world, "bob") == 200)
        #expect(try me(&world, "bob") == "bob")
        #expect(try me(&world, "alice") == nil, "no persistence: the restart emptied the primary")
        // Replication is asynchronous: a crash right after a write may lose it. `store lag on`
        // waits (WAIT) until the replica holds every earlier write; `off` lets it flow again.
        _ = try world.apply(.storeLag(true))
        _ = try world.apply(.storeLag(false))
        let second = try failover(try world.apply(.storeFailover))
        #expect(second.to == other && second.lostSessions == 0, "\(second)")
        #expect(try me(&world, "bob") == "bob")
    }

    @Test(.enabled(if: redisAvailable && sentinelAvailable))
    func aRestartAfterASentinelFailoverKeepsSentinelsViewAndRequestsWork() throws {
        let provider = StoreProvider()
        defer { provider.shutdown() }
        var world = try world("cluster store=redis replicas=2 sentinel=on persistence=aof", provider: provider)
        let topology = try #require((world.store as? RedisStore)?.replicationTopology)
        #expect(try login(&world, "alice") == 200)
        let moved = try failover(try world.apply(.storeFailover))
        // The statement ended with Sentinel's reconfiguration done: the other replica copies
        // the promoted node already (not `link down` until the next step).
        let linked = try role(topology, moved.to == 2 ? 3 : 2)
        #expect(linked["master_link_status"] == "up", "\(linked)")
        _ = try world.apply(.storeRestart)
        #expect(world.value(of: .store(.primary)) == .word("store-\(moved.to)"))
        #expect(try role(topology, moved.to)["role"] == "master")
        // Sentinel names the restarted node (primaryPort asks it, and checks the node says it is
        // the primary), and the servers use it.
        #expect(try (world.store as? RedisStore)?.label == "redis 127.0.0.1:\(topology.primaryPort())")
        let other = moved.to == 2 ? 3 : 2
        #expect(try role(topology, other)["master_link_status"] == "up")
        // persistence=aof: the restarted primary read its file back, Alice is still logged in.
        #expect(try me(&world, "alice") == "alice")
        #expect(try login(&world, "bob") == 200)
        #expect(try me(&world, "bob") == "bob")
    }

    @Test(.enabled(if: redisAvailable))
    func aFailoverRightAfterARestartCountsTheLostSessionsFromTheData() throws {
        let provider = StoreProvider()
        defer { provider.shutdown() }
        var world = try world("cluster store=redis replicas=1", provider: provider)
        #expect(try login(&world, "alice") == 200)
        _ = try world.apply(.storeRestart)
        // The restart returns once the replica copied the (empty) primary: nothing stale is left.
        #expect(try login(&world, "alice") == 200)
        _ = try world.apply(.storeLag(true))
        #expect(try login(&world, "bob") == 200)
        let events = try world.apply(.storeFailover)
        let moved = try failover(events)
        #expect(moved.lostSessions == 1 && moved.staleSessions == 0, "\(moved)")
        let text = events.flatMap { EventText.lines($0) }.joined(separator: "\n")
        #expect(text.contains("1 session it held was not on store-2 and is gone"), "\(text)")
        #expect(text.contains("bytes of replication stream behind"), "\(text)")
        #expect(!text.contains("writes"), "\(text)")
        #expect(try me(&world, "alice") == "alice")
        #expect(try me(&world, "bob") == nil)
    }

    @Test(.enabled(if: redisAvailable))
    func theReplicationStatementsSayPlainlyWhatHappens() throws {
        let provider = StoreProvider()
        defer { provider.shutdown() }
        var world = try world("cluster store=redis replicas=1", provider: provider)
        let off = try world.apply(.storeLag(false))
        #expect(off == [.storeLagChanged(on: false, replicas: 1, inSync: nil)])
        #expect(EventText.lines(off[0]) == ["store lag is already off; nothing changes"])
        let on = try world.apply(.storeLag(true))
        #expect(
            on.flatMap { EventText.lines($0) }.first
                == "store lag on: WAIT saw every earlier write on 1 of 1 replica; now its link to the primary stalls")
        let back = try world.apply(.storeLag(false))
        #expect(back == [.storeLagChanged(on: false, replicas: 1, inSync: 1)])
        _ = try world.apply(.storeFailover)
        let none = try world.apply(.storeLag(true))
        let noneText = none.flatMap { EventText.lines($0) }.joined()
        #expect(noneText.hasPrefix("store lag on: no replica is left"), "\(noneText)")
        let again = try world.apply(.storeFailover).flatMap { EventText.lines($0) }
        #expect(again == ["store failover: no replica is left to promote"])
    }

    @Test(.enabled(if: redisAvailable))
    func aCrowdAgainstAFullRedisCountsWhatWasStoredAndThe503s() throws {
        let provider = StoreProvider()
        defer { provider.shutdown() }
        var world = try world("cluster store=redis maxmemory=2mb", provider: provider)
        let crowd = 6_000
        let events = try world.apply(.crowd(count: crowd, login: true))
        let store = try #require(try crowdCounts(events).first { $0.at == .store })
        let held = try #require(world.sharedStoreCount())
        #expect(store.change == held, "\(store) vs \(held) held")
        #expect(store.change < crowd && store.refused > 0, "\(store)")
        #expect(store.cause?.contains("OOM command not allowed") == true, "\(store)")
        let text = events.flatMap { EventText.lines($0) }.joined()
        #expect(text.contains("store +\(held) (\(store.refused) guests got 503: redis: OOM"), "\(text)")
        let json = events.map { EventJSON.fields($0) }.first { $0.0 == "crowdArrived" }
        let fields = try #require(json?.1)
        #expect(fields.contains { $0.0 == "refused" && $0.1 == .int(Int64(store.refused)) })
        #expect(fields.contains { $0.0 == "sessions" && $0.1 == .object([("store", .int(Int64(held)))]) })
    }

    @Test(.enabled(if: redisAvailable))
    func aCrowdUnderAnLRURedisCountsTheEvictions() throws {
        let provider = StoreProvider()
        defer { provider.shutdown() }
        var world = try world("cluster store=redis maxmemory=2mb eviction=allkeys-lru", provider: provider)
        let events = try world.apply(.crowd(count: 12_000, login: false))
        let store = try #require(try crowdCounts(events).first { $0.at == .store })
        #expect(store.evicted > 0 && store.change < 12_000, "\(store)")
        #expect(store.refused == 0)
        let text = events.flatMap { EventText.lines($0) }.joined()
        #expect(text.contains("evicted by redis meanwhile"), "\(text)")
    }

    @Test(.enabled(if: redisAvailable))
    func aCrowdWhereNothingFailedReadsAsBefore() throws {
        let provider = StoreProvider()
        defer { provider.shutdown() }
        var world = try world("cluster store=redis", provider: provider)
        let events = try world.apply(.crowd(count: 50, login: true))
        #expect(try crowdCounts(events) == [SessionCount(at: .store, change: 50)])
        #expect(EventJSON.fields(events.last!).1.allSatisfy { $0.0 != "refused" })
    }

    @Test(.enabled(if: redisAvailable))
    func aPrivateRedisALaterClusterReplacedIsStopped() throws {
        let provider = StoreProvider()
        defer { provider.shutdown() }
        var world = try world("cluster store=redis persistence=aof", provider: provider)
        let pid = try #require(provider.privateRedis?.processIdentifier)
        var sqlite = ClusterSettings()
        sqlite.store = .sqlite
        _ = try world.apply(.cluster(sqlite))
        #expect(isGone(pid), "the aof redis-server runs on through the SQLite cluster")
        #expect(provider.privateRedis == nil)
        // A later Redis cluster gets a fresh server.
        var redis = ClusterSettings()
        redis.store = .redis
        _ = try world.apply(.cluster(redis))
        #expect(try login(&world, "alice") == 200)
    }

    @Test(.enabled(if: redisAvailable))
    func aRewindKeepsTheOldWorldsRedisUntilTheNewWorldIsBuilt() throws {
        let provider = StoreProvider()
        defer { provider.shutdown() }
        let source = "cluster store=redis persistence=aof\nbrowser alice\nalice login alice\ncluster store=redis\n"
        let scenario = try Parser.parse(file: "t.scn", source: source)
        var timeline = try Timeline(file: "t.scn", statements: scenario.statements, storeFactory: provider.make)
        try timeline.seek(to: 3)
        let aof = try #require(provider.privateRedis?.processIdentifier)
        try timeline.seek(to: 4)
        #expect(isGone(aof), "the first cluster's server outlived its cluster")
        let plain = try #require(provider.privateRedis?.processIdentifier)
        try timeline.seek(to: 2)
        #expect(isGone(plain), "the dropped world's server outlived it")
        #expect(provider.privateRedis?.isRunning == true)
    }

    @Test(.enabled(if: redisAvailable))
    func theHandoutCountsInTheSingularAndListsTheNodes() throws {
        let provider = StoreProvider()
        defer { provider.shutdown() }
        let scenario = try Parser.parse(
            file: "t.scn", source: "cluster store=redis replicas=1\nbrowser alice\nalice login alice\npause\n")
        let text = try Handout().render(scenario, storeFactory: provider.make)
        #expect(text.contains("Store (redis): up, 1 session.\n"), "\(text)")
        #expect(text.contains("store-1 primary (offset "), "\(text)")
        #expect(text.contains("store-2 replica (offset ") && text.contains(", link up)."), "\(text)")
    }
}
