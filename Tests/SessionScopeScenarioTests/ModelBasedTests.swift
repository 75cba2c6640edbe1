import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores
import Testing

/// Random but seeded sequences of statements over every verb and setting, checked against
/// the model's invariants after every step. A failure names the seed and the step, so it
/// can be reproduced with `ScenarioGenerator(seed:store:)`.
/// Checks the invariants on a world after a step; returns what is broken.
struct InvariantChecker {
    /// Sessions held per location, as the events tell it (local, sqlite, redis, jwt).
    var held: [SessionLocation: Int] = [:]
    /// Sessions held by every live server of a replicated cluster, as the events tell it.
    var replicated = 0
    /// The most sessions a count was compared with: a check of zeros proves nothing.
    var mostCompared = 0

    mutating func check(_ world: World, after step: Step) -> [String] {
        var problems: [String] = []
        let settings = world.settings
        // Session counts add up: created − destroyed − expired − swept − lost = held.
        if settings.store == .replicated {
            problems += checkReplicatedCount(world, step)
        } else {
            problems += checkCountPerLocation(world, step)
        }
        // jwt never writes a session anywhere.
        if settings.store == .jwt, world.servers.contains(where: { $0.table.count > 0 }) {
            problems.append("jwt wrote a session into a server's memory")
        }
        // No session outlives its idle timeout or absolute lifetime by more than one sweep.
        for server in world.servers {
            for record in server.table.records {
                if world.clock - record.lastAccess > settings.timeout + settings.sweep {
                    problems.append(
                        "session \(record.id.short) on server-\(server.number) idle \(world.clock - record.lastAccess)")
                }
                if let absolute = settings.absolute, world.clock - record.created > absolute + settings.sweep {
                    problems.append("session \(record.id.short) on server-\(server.number) older than absolute + sweep")
                }
            }
            if !server.isUp && server.table.count > 0 { problems.append("dead server-\(server.number) holds sessions") }
        }
        // Replication: every live server holds the same sessions.
        if settings.store == .replicated {
            let live = world.servers.filter(\.isUp)
            if let first = live.first, live.contains(where: { Set($0.table.ids) != Set(first.table.ids) }) {
                problems.append("replicated servers disagree")
            }
        }
        return problems
    }

    /// Each server's memory and the shared store hold what their own events say.
    private mutating func checkCountPerLocation(_ world: World, _ step: Step) -> [String] {
        for event in step.events {
            switch event {
            case .clusterBuilt: held = [:]
            case .sessionCreated(_, let at), .sessionRevived(_, let at): held[at, default: 0] += 1
            case .sessionDestroyed(_, let at), .sessionExpired(_, _, let at): held[at, default: 0] -= 1
            case .sessionsSwept(let ids, let at): held[at, default: 0] -= ids.count
            case .serverCrashed(let k, let lost): held[.server(k), default: 0] -= lost
            case .crowdArrived(_, _, _, let sessions), .botsCrawled(_, _, _, let sessions):
                for count in sessions { held[count.at, default: 0] += count.change }
            default: break
            }
        }
        var problems: [String] = []
        for server in world.servers {
            let expected = held[.server(server.number), default: 0]
            mostCompared = max(mostCompared, expected)
            if expected != server.table.count {
                problems.append("server-\(server.number) holds \(server.table.count), events say \(expected)")
            }
        }
        let inStore = world.sharedStoreCount() ?? -1
        mostCompared = max(mostCompared, held[.store, default: 0])
        if inStore != held[.store, default: 0] {
            problems.append("the store holds \(inStore), events say \(held[.store, default: 0])")
        }
        return problems
    }

    /// Replicated servers hold one set of sessions between them: a session is created once
    /// (and copied), destroyed or expired once (and the removal copied); each live server
    /// sweeps its own copy, so a sweep removes the distinct ids swept in the step.
    private mutating func checkReplicatedCount(_ world: World, _ step: Step) -> [String] {
        var swept: Set<SessionID> = []
        for event in step.events {
            switch event {
            case .clusterBuilt: replicated = 0
            case .sessionCreated, .sessionRevived: replicated += 1
            case .sessionDestroyed, .sessionExpired: replicated -= 1
            case .sessionsSwept(let ids, _): swept.formUnion(ids)
            case .serverCrashed: if !world.servers.contains(where: \.isUp) { replicated = 0 }
            case .crowdArrived(_, _, _, let sessions), .botsCrawled(_, _, _, let sessions):
                replicated += sessions.reduce(0) { $0 + $1.change }
            default: break
            }
        }
        replicated -= swept.count
        mostCompared = max(mostCompared, replicated)
        var problems: [String] = []
        for server in world.servers where server.isUp && server.table.count != replicated {
            problems.append("replicated server-\(server.number) holds \(server.table.count), events say \(replicated)")
        }
        if !world.servers.contains(where: \.isUp), replicated != 0 {
            problems.append("no server is up, yet events say \(replicated) sessions are held")
        }
        return problems
    }
}

/// Runs a generated scenario with the invariants checked after every step; returns the most
/// sessions a count was compared with.
func checkInvariants(
    store: StoreKind, seed: UInt64, storeFactory: @escaping StoreFactory = inMemoryStore
)
    throws -> Int
{
    let generated = ScenarioGenerator(seed: seed, store: store)
    let scenario = try Parser.parse(file: "random-\(store)-\(seed).scn", source: generated.source)
    var run = try ScenarioRun(scenario: scenario, storeFactory: storeFactory)
    var checker = InvariantChecker()
    while let step = try run.step() {
        let problems = checker.check(run.world, after: step)
        #expect(
            problems.isEmpty,
            "seed \(seed), store \(store), line \(step.statement.location.line) '\(step.statement.text)': \(problems)")
        if !problems.isEmpty { break }
    }
    return checker.mostCompared
}

@Test(
    "random scenarios keep the invariants", arguments: [StoreKind.local, .replicated, .jwt],
    Array(UInt64(1)...UInt64(12)))
func randomScenariosKeepTheInvariants(store: StoreKind, seed: UInt64) throws {
    let most = try checkInvariants(store: store, seed: seed)
    // The counts were compared while sessions existed (jwt keeps none by design).
    if store != .jwt { #expect(most > 0, "seed \(seed), \(store): no session was ever counted") }
}

/// Redis tests run where redis-server is installed, and always in CI (`CI=true`), where a
/// missing redis-server must fail the run rather than skip it.
let redisAvailable =
    ProcessInfo.processInfo.environment["CI"] == "true"
    || FileManager.default.isExecutableFile(atPath: "/usr/bin/redis-server")

@Test(
    "random scenarios keep the invariants on the real stores", arguments: [StoreKind.sqlite, .redis],
    Array(UInt64(1)...UInt64(4)))
func randomScenariosKeepTheInvariantsOnRealStores(store: StoreKind, seed: UInt64) throws {
    guard store != .redis || redisAvailable else { return }
    let provider = StoreProvider()
    defer { provider.shutdown() }
    let most = try checkInvariants(store: store, seed: seed, storeFactory: provider.make)
    #expect(most > 0, "seed \(seed), \(store): no session was ever counted")
}

@Test(
    "shared state: a logged-in browser is recognised by every live server", arguments: [StoreKind.replicated, .jwt],
    Array(UInt64(1)...UInt64(6)))
func everyLiveServerRecognisesALoggedInBrowser(store: StoreKind, seed: UInt64) throws {
    let generated = ScenarioGenerator(seed: seed, store: store, balancer: .roundRobin)
    let scenario = try Parser.parse(file: "shared-\(seed).scn", source: generated.source)
    var run = try ScenarioRun(scenario: scenario)
    var recognised = 0
    while let step = try run.step() {
        guard case .command(.request(let name, .get, "/me", _)) = step.statement.kind,
            run.world.browser(named: name)?.last?.status == 200
        else { continue }
        // Round robin visits every live server in turn: each must know the user.
        var world = run.world
        let live = world.servers.filter(\.isUp).count
        recognised += 1
        for _ in 0..<live {
            _ = try world.apply(.request(browser: name, method: .get, path: "/me", form: []))
            let server = world.browser(named: name)?.last?.server ?? 0
            let line = step.statement.location.line
            #expect(
                world.browser(named: name)?.last?.status == 200,
                "seed \(seed), \(store): \(name) not recognised by server-\(server) after line \(line)")
        }
    }
    // Without a logged-in /me there was nothing to check: the scenario must have one.
    #expect(recognised > 0, "seed \(seed), \(store): no /me answered 200, so nothing was checked")
}

@Test(
    "stepping back to k and forward again is identical", arguments: [StoreKind.local, .replicated, .jwt],
    Array(UInt64(1)...UInt64(4)))
func steppingBackAndForwardIsIdentical(store: StoreKind, seed: UInt64) throws {
    let generated = ScenarioGenerator(seed: seed, store: store, length: 120)
    let scenario = try Parser.parse(file: "rewind-\(seed).scn", source: generated.source)
    var timeline = try Timeline(file: scenario.file, statements: scenario.statements)
    let transcript = Transcript(scenario: scenario)
    try timeline.seek(to: scenario.statements.count)
    let world = timeline.world
    let lines = timeline.steps.flatMap { transcript.lines(for: $0, file: scenario.file) }
    var random = SplitMix64(seed: seed)
    for _ in 0..<4 {
        let k = Int(random.next() % UInt64(scenario.statements.count))
        try timeline.seek(to: k)
        #expect(timeline.steps.count == k)
        try timeline.seek(to: scenario.statements.count)
        #expect(timeline.world.browsers == world.browsers, "seed \(seed): browsers differ after rewinding to \(k)")
        #expect(timeline.world.servers == world.servers, "seed \(seed): servers differ after rewinding to \(k)")
        #expect(timeline.world.clock == world.clock)
        #expect(
            timeline.steps.flatMap { transcript.lines(for: $0, file: scenario.file) } == lines,
            "seed \(seed): transcript differs after rewinding to \(k)")
    }
}
