import SessionScopeCore
import SessionScopeScenario
import Testing

/// The store's own failures (1.1) in the language: the Redis keys, `store restart`, the new
/// references, and how their events read.

@Test func theRedisKeysParseAndNeedStoreRedis() throws {
    let scenario = try Parser.parse(
        file: "ok.scn", source: "cluster store=redis persistence=aof maxmemory=512kb eviction=volatile-ttl\n")
    guard case .command(.cluster(let settings)) = scenario.statements[0].kind else {
        Issue.record("not a cluster")
        return
    }
    #expect(settings.persistence == .aof)
    #expect(settings.maxMemory == 512 * 1024)
    #expect(settings.eviction == .volatileTTL)
    #expect(settings.summary.hasSuffix("persistence=aof maxmemory=512kb eviction=volatile-ttl"))
    #expect(
        diagnostic("cluster eviction=allkeys-lru\n")
            == "bad.scn:1:9: error: eviction configures the private Redis: it needs store=redis (this cluster has "
            + "store=local)")
    #expect(
        diagnostic("cluster store=jwt maxmemory=off\n")?.hasPrefix("bad.scn:1:19: error: maxmemory configures") == true)
    #expect(
        diagnostic("cluster store=redis eviction=lru\n")
            == "bad.scn:1:21: error: eviction is one of noeviction, allkeys-lru, volatile-lru, allkeys-random, "
            + "volatile-ttl, not 'lru'")
    #expect(diagnostic("cluster store=redis persistence=rdb\n")?.contains("persistence is one of off, aof") == true)
}

@Test func sizesAreWholeUnitsUpTo64gb() {
    #expect(ClusterSettings.byteSize("2mb") == 2 << 20)
    #expect(ClusterSettings.byteSize("512kb") == 512 << 10)
    #expect(ClusterSettings.byteSize("1000b") == 1000)
    #expect(ClusterSettings.byteSize("64gb") == 64 << 30)
    for bad in ["0mb", "65gb", "1.5mb", "2MB", "mb", "2", "-1kb", "2 mb", "９mb", "99999999999999999999gb"] {
        #expect(ClusterSettings.byteSize(bad) == nil, "\(bad)")
    }
    #expect(ClusterSettings.byteSizeText(2 << 20) == "2mb")
    #expect(ClusterSettings.byteSizeText(1536) == "1536b")
    #expect(ClusterSettings.byteSizeText(3 << 10) == "3kb")
    #expect(ClusterSettings.byteSizeText(1000) == "1000b")
}

@Test func storeRestartAndTheNewReferences() throws {
    let scenario = try Parser.parse(
        file: "ok.scn", source: "store restart\nexpect store.evicted > 0\nexpect store.restarts == 1\n")
    #expect(scenario.statements[0].kind == .command(.storeRestart))
    #expect(
        diagnostic("store reboot\n")
            == "bad.scn:1:7: error: store takes down, up, restart, lag on|off or failover, not 'reboot'")
    #expect(
        diagnostic("expect store.primaries == 1\n")
            == "bad.scn:1:8: error: unknown reference 'store.primaries' "
            + "(store has: sessions, up, evicted, restarts, primary)")
    #expect(diagnostic("expect store.evicted == yes\n")?.contains("store.evicted is a number") == true)
}

@Test func theStoreFailureEventsReadAndCarryTheirTone() {
    let lost = Event.storeRestarted(how: "redis-server stopped and started again", before: 3, after: 0)
    #expect(
        EventText.lines(lost) == [
            "store restarted: redis-server stopped and started again; it held 3 sessions before and holds 0 "
                + "sessions now"
        ])
    #expect(lost.tone == .failure)
    #expect(Event.storeRestarted(how: "x", before: 1, after: 1).tone == .transition)
    let (kind, fields) = EventJSON.fields(lost)
    #expect(kind == "storeRestarted")
    #expect(fields.map(\.0) == ["how", "before", "after"])
    let missed = Event.sessionMissed(id: "00", why: .evicted(policy: "allkeys-lru"), at: .store)
    #expect(EventText.lines(missed).joined().contains("evicted by redis: allkeys-lru"))
    #expect(EventJSON.fields(missed).1.contains { $0.0 == "why" && $0.1 == .string("evicted by redis: allkeys-lru") })
    let refused = Event.requestRejected(browser: "bob", why: .storeUnavailable("redis: OOM command not allowed"))
    #expect(
        EventText.lines(refused) == ["the session store refused the request (redis: OOM command not allowed) → 503"])
}

@Test func storeRestartWithoutASharedStoreChangesNothing() throws {
    let scenario = try Parser.parse(file: "ok.scn", source: "browser alice\nalice login alice\nstore restart\n")
    var run = try ScenarioRun(scenario: scenario)
    var events: [Event] = []
    while let step = try run.step() { events = step.events }
    #expect(events == [.storeNotShared(.local)])
    #expect(EventText.lines(events[0]) == ["store=local has no shared store; nothing changes"])
}
