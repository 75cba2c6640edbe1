import Foundation
import Glibc
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores
import Testing

/// Sentinel tests run where redis-sentinel is installed, and always in CI, where a missing
/// one must fail the run rather than skip it.
let sentinelAvailable =
    ProcessInfo.processInfo.environment["CI"] == "true"
    || FileManager.default.isExecutableFile(atPath: "/usr/bin/redis-sentinel")

/// `replicas=N`, `sentinel=on`, `store lag` and `store failover` against real redis-server and
/// redis-sentinel processes. Each failover takes real seconds, so there are few of them.
@Suite(.serialized) struct RedisReplicationTests {
    /// A world on a private primary with replicas (and sentinels), and its topology.
    private func world(_ line: String, provider: StoreProvider) throws -> (World, RedisTopology) {
        let scenario = try Parser.parse(file: "t.scn", source: line + "\n")
        guard case .command(.cluster(let settings)) = scenario.statements[0].kind else {
            throw WorldError("not a cluster line: \(line)")
        }
        let world = try World(settings: settings, storeFactory: provider.make)
        let topology = try #require((world.store as? RedisStore)?.replicationTopology)
        return (world, topology)
    }

    private func login(_ world: inout World, _ name: String) throws {
        _ = try world.apply(.openBrowser(name: name, ip: nil))
        _ = try world.apply(.login(browser: name, user: name, password: nil, remember: false))
        #expect(world.browser(named: name)?.last?.status == 200)
    }

    private func me(_ world: inout World, _ name: String) throws -> String? {
        _ = try world.apply(.request(browser: name, method: .get, path: "/me", form: []))
        return world.browser(named: name)?.last?.user
    }

    /// The keys of the session NAME's cookie names, read straight from node K.
    private func holds(_ topology: RedisTopology, node: Int, _ world: World, _ name: String) throws -> Bool {
        let sid = try #require(world.browser(named: name)?.jar.cookies.first { $0.name == "SID" }?.value)
        let reply = try topology.nodeConnection(node).command(["SCAN", "0", "MATCH", "*sess:\(sid)", "COUNT", "10000"])
        return !(reply.array?.last?.array ?? []).isEmpty
    }

    @Test(.enabled(if: redisAvailable))
    func lagStallsTheReplicasAndTheOperatorsFailoverLosesWhatTheyNeverReceived() throws {
        let provider = StoreProvider()
        var pids: [Int32] = []
        defer {
            provider.shutdown()
            for pid in pids { #expect(isGone(pid), "process \(pid) outlived the test") }
        }
        var (world, topology) = try world("cluster store=redis replicas=2", provider: provider)
        pids = topology.processIdentifiers
        #expect(pids.count == 3)
        #expect(pids.allSatisfy { processName($0) == "redis-server" })
        let nodes = try #require(world.primaryReplicaStore).replicationNodes()
        #expect(nodes.map(\.role) == [.primary, .replica, .replica])
        #expect(nodes.dropFirst().allSatisfy { $0.linkUp == true && !$0.stalled })

        try login(&world, "alice")
        let on = try world.apply(.storeLag(true))
        #expect(on.contains(.storeLagChanged(on: true, replicas: 2, inSync: 2)), "\(on)")
        // WAIT saw Alice's session on both replicas before the links stalled.
        #expect(try holds(topology, node: 2, world, "alice") && holds(topology, node: 3, world, "alice"))
        try login(&world, "bob")
        // Stalled, not slow: a second later the replicas still have not received it.
        usleep(1_000_000)
        #expect(try holds(topology, node: 1, world, "bob"))
        #expect(try !holds(topology, node: 2, world, "bob") && !holds(topology, node: 3, world, "bob"))
        let lagging = topology.status()
        #expect(lagging[1].stalled && lagging[2].stalled)
        #expect((lagging[0].offset ?? 0) > (lagging[1].offset ?? .max), "\(lagging)")

        let off = try world.apply(.storeLag(false))
        #expect(off.contains(.storeLagChanged(on: false, replicas: 2, inSync: 2)), "\(off)")
        #expect(try holds(topology, node: 2, world, "bob") && holds(topology, node: 3, world, "bob"))

        _ = try world.apply(.storeLag(true))
        try login(&world, "carol")
        let started = Date()
        let events = try world.apply(.storeFailover)
        let failover = try #require(
            events.compactMap { event -> Failover? in
                if case .storeFailedOver(let failover) = event { return failover }
                return nil
            }.first, "\(events)")
        print("operator failover took \(Date().timeIntervalSince(started)) s")
        #expect(failover.from == 1 && failover.to == 2 && failover.method == .byOperator)
        #expect(failover.unsentBytes > 0)
        #expect(world.value(of: .store(.primary)) == .word("store-2"))
        #expect(!isRunning(pids[0]), "the old primary was killed")
        #expect(try me(&world, "alice") == "alice")
        #expect(try me(&world, "bob") == "bob")
        // Carol logged in while the replicas lagged: her session went with the primary.
        #expect(try me(&world, "carol") == nil)
        #expect(world.browser(named: "carol")?.last?.status == 401)
        // The other replica now copies the new primary, and nothing lags any more.
        #expect(try holds(topology, node: 3, world, "alice"))
        let after = topology.status()
        #expect(after.map(\.role) == [.down, .primary, .replica])
        #expect(after[2].stalled == false)

        // One replica is left; after a second failover none is.
        let second = try world.apply(.storeFailover)
        #expect(world.value(of: .store(.primary)) == .word("store-3"), "\(second)")
        let third = try world.apply(.storeFailover)
        #expect(
            third.contains(
                .storeReplicationFailed(
                    statement: "store failover", cause: "no replica is left to promote")),
            "\(third)")
    }

    @Test(.enabled(if: redisAvailable && sentinelAvailable))
    func sentinelPromotesAReplicaAndTheServersFindItThroughSentinel() throws {
        let provider = StoreProvider()
        var pids: [Int32] = []
        defer {
            provider.shutdown()
            for pid in pids { #expect(isGone(pid), "process \(pid) outlived the test") }
        }
        var (world, topology) = try world("cluster store=redis replicas=1 sentinel=on", provider: provider)
        pids = topology.processIdentifiers
        #expect(
            pids.map(processName).sorted() == [
                "redis-sentinel", "redis-sentinel", "redis-sentinel", "redis-server", "redis-server",
            ])
        // The servers asked Sentinel where the primary is.
        let store = try #require(world.store as? RedisStore)
        #expect(store.label == "redis 127.0.0.1:\(try topology.primaryPort())")

        try login(&world, "alice")
        _ = try world.apply(.storeLag(true))
        try login(&world, "bob")
        // Sentinel does not undo the lag: longer than its failover-timeout (after which it would
        // "fix" a replica that replicates from an address other than the primary's), the
        // replica still replicates through the relay, and has not received Bob's session.
        usleep(useconds_t(6_000_000))
        #expect(try !holds(topology, node: 2, world, "bob"))
        let replica = try topology.nodeConnection(2).command(["INFO", "replication"]).string ?? ""
        #expect(replica.contains("master_port:\(try topology.primaryPort())"), "\(replica)")
        let started = Date()
        let events = try world.apply(.storeFailover)
        let seconds = Date().timeIntervalSince(started)
        print("Sentinel failover took \(seconds) s")
        let failover = try #require(
            events.compactMap { event -> Failover? in
                if case .storeFailedOver(let failover) = event { return failover }
                return nil
            }.first, "\(events)")
        #expect(failover.method == .sentinel && failover.from == 1 && failover.to == 2)
        #expect(seconds < 30)
        #expect(store.label == "redis 127.0.0.1:\(try topology.primaryPort())")
        #expect(world.value(of: .store(.primary)) == .word("store-2"))
        #expect(try me(&world, "alice") == "alice")
        #expect(try me(&world, "bob") == nil)
    }

    @Test(.enabled(if: redisAvailable))
    func steppingBackStopsTheOldProcessesAndStartsFreshOnes() throws {
        let provider = StoreProvider()
        defer { provider.shutdown() }
        let scenario = try Parser.parse(
            file: "t.scn", source: "cluster store=redis replicas=1\nbrowser alice\nalice login alice\n")
        var timeline = try Timeline(file: "t.scn", statements: scenario.statements, storeFactory: provider.make)
        try timeline.seek(to: 3)
        let old = try #require((timeline.world.store as? RedisStore)?.replicationTopology).processIdentifiers
        #expect(old.count == 2)
        try timeline.seek(to: 1)
        for pid in old { #expect(isGone(pid), "\(pid) of the dropped world still runs") }
        let fresh = try #require((timeline.world.store as? RedisStore)?.replicationTopology).processIdentifiers
        #expect(fresh.count == 2 && fresh.allSatisfy(isRunning))
    }

    @Test func replicasWithAForeignRedisAreRefusedBeforeAnythingStarts() throws {
        let provider = StoreProvider(options: StoreOptions(redisURL: "redis://127.0.0.1:1"))
        defer { provider.shutdown() }
        var settings = ClusterSettings()
        settings.store = .redis
        settings.replicas = 1
        #expect {
            _ = try World(settings: settings, storeFactory: provider.make)
        } throws: { error in
            "\(error)".contains("--redis") && "\(error)".contains("not ours to reconfigure")
        }
        #expect(provider.privateRedis == nil)
    }

    @Test(.enabled(if: redisAvailable))
    func aStoreWithoutReplicasRefusesLagAndFailover() throws {
        let provider = StoreProvider()
        defer { provider.shutdown() }
        var settings = ClusterSettings()
        settings.store = .redis
        var world = try World(settings: settings, storeFactory: provider.make)
        #expect(world.value(of: .store(.primary)) == .word("store-1"))
        let events = try world.apply(.storeFailover)
        #expect(
            events == [
                .storeReplicationFailed(
                    statement: "store failover", cause: "needs replicas=1 or more (cluster store=redis replicas=1)")
            ])
        #expect(provider.privateRedis?.isRunning == true, "the primary was not touched")
    }
}

func processName(_ pid: Int32) -> String {
    ((try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? "")
        .trimmingCharacters(in: .whitespacesAndNewlines)
}

func isRunning(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
    return !stat.contains(") Z ")
}

/// Gone within two seconds (a zombie counts as gone).
func isGone(_ pid: Int32) -> Bool {
    for _ in 0..<200 {
        if !isRunning(pid) { return true }
        usleep(10_000)
    }
    return false
}

/// The two halves of the store's failures together: the Redis keys on every node of a
/// topology, `store restart` of the primary, and evictions watched on the primary.
@Suite(.serialized) struct RedisTopologySettingsTests {
    private func world(_ line: String, provider: StoreProvider) throws -> (World, RedisTopology) {
        let scenario = try Parser.parse(file: "t.scn", source: line + "\n")
        guard case .command(.cluster(let settings)) = scenario.statements[0].kind else {
            throw WorldError("not a cluster line: \(line)")
        }
        let world = try World(settings: settings, storeFactory: provider.make)
        return (world, try #require((world.store as? RedisStore)?.replicationTopology))
    }

    private func config(_ topology: RedisTopology, node: Int, _ name: String) throws -> String? {
        try topology.nodeConnection(node).command(["CONFIG", "GET", name]).array?.last?.string
    }

    @Test(.enabled(if: redisAvailable))
    func everyNodeRunsWithTheClusterKeysAndRestartingThePrimaryWithoutPersistenceEmptiesTheReplicas() throws {
        let provider = StoreProvider()
        defer { provider.shutdown() }
        var (world, topology) = try world(
            "cluster store=redis replicas=1 maxmemory=64mb eviction=allkeys-lru", provider: provider)
        for node in [1, 2] {
            #expect(try config(topology, node: node, "maxmemory") == String(64 << 20))
            #expect(try config(topology, node: node, "maxmemory-policy") == "allkeys-lru")
            #expect(try config(topology, node: node, "appendonly") == "no")
        }
        _ = try world.apply(.openBrowser(name: "alice", ip: nil))
        _ = try world.apply(.login(browser: "alice", user: "alice", password: nil, remember: false))
        #expect(world.storeEvictedCount() == 0)
        let restart = try world.apply(.storeRestart)
        #expect(world.storeRestarts == 1, "\(restart)")
        // The primary came back empty, and the replica copied it: Redis's documented hazard of a
        // primary without persistence.
        var empty = false
        for _ in 0..<100 where !empty {
            let keys = try topology.nodeConnection(2).command(["DBSIZE"]).integer ?? -1
            empty = keys == 0
            if !empty { usleep(50_000) }
        }
        #expect(empty, "the replica still holds keys after the primary restarted empty")
        _ = try world.apply(.request(browser: "alice", method: .get, path: "/me", form: []))
        #expect(world.browser(named: "alice")?.last?.user == nil)
    }
}
