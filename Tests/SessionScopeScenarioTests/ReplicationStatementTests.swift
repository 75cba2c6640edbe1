import SessionScopeCore
import SessionScopeScenario
import Testing

/// `replicas`, `sentinel`, `store lag` and `store failover` (1.1) as the parser reads them:
/// each misuse is reported at its line and column, before anything runs.
@Test func replicaSettingsParseAndPrintBack() throws {
    let scenario = try Parser.parse(
        file: "ok.scn",
        source: "cluster store=redis replicas=2 sentinel=on\nstore lag on\nstore lag off\nstore failover\n"
            + "expect store.primary == store-2\n")
    guard case .command(.cluster(let settings)) = scenario.statements[0].kind else {
        Issue.record("not a cluster: \(scenario.statements[0].kind)")
        return
    }
    #expect(settings.replicas == 2 && settings.sentinel)
    #expect(settings.summary.hasSuffix("replicas=2 sentinel=on"))
    #expect(
        scenario.statements.dropFirst().prefix(3).map(\.kind) == [
            .command(.storeLag(true)), .command(.storeLag(false)), .command(.storeFailover),
        ])
    for statement in scenario.statements {
        let printed = StatementPrinter.text(statement.kind)
        let reread = try Parser.parse(file: "ok.scn", source: scenario.statements[0].text + "\n" + printed + "\n")
        #expect(reread.statements.last?.kind == statement.kind, "\(printed)")
    }
    #expect(ClusterSettings().replicas == 0 && !ClusterSettings().sentinel)
}

@Test func replicaSettingsNeedRedisAndSentinelNeedsAReplica() {
    #expect(
        diagnostic("cluster replicas=1\n")
            == "bad.scn:1:9: error: replicas=1 needs store=redis (replicas are real redis-server processes)")
    #expect(
        diagnostic("cluster store=sqlite sentinel=on replicas=0\n")
            == "bad.scn:1:22: error: sentinel=on needs store=redis (Sentinel watches a real Redis primary)")
    #expect(
        diagnostic("cluster store=redis sentinel=on\n")
            == "bad.scn:1:21: error: sentinel=on needs replicas=1 or more: Sentinel promotes a replica")
    #expect(
        diagnostic("cluster store=redis replicas=3\n")?.hasPrefix(
            "bad.scn:1:21: error: replicas is a number from 0 to 2") == true)
    #expect(
        diagnostic("cluster store=redis sentinel=yes\n")?.hasPrefix("bad.scn:1:21: error: sentinel is 'on' or 'off'")
            == true)
}

@Test func lagAndFailoverNeedAClusterWithReplicas() {
    #expect(
        diagnostic("store failover\n")
            == "bad.scn:1:7: error: store failover needs store=redis with replicas (cluster store=redis replicas=1); "
            + "this cluster has store=local")
    #expect(
        diagnostic("cluster store=redis\nstore lag on\n")
            == "bad.scn:2:7: error: store lag needs replicas=1 or more (cluster store=redis replicas=1)")
    #expect(
        diagnostic("cluster store=redis replicas=1\nstore lag maybe\n")
            == "bad.scn:2:11: error: store lag takes 'on' or 'off', not 'maybe'")
    #expect(
        diagnostic("cluster store=redis replicas=1\nstore failover now\n")?.hasPrefix(
            "bad.scn:2:16: error: unexpected 'now'") == true)
    #expect(
        diagnostic("cluster store=redis replicas=1\nstore lag\n")?.hasPrefix(
            "bad.scn:2:7: error: store lag takes 'on' or 'off'") == true)
    // A later cluster without replicas ends what the earlier one allowed.
    #expect(
        diagnostic("cluster store=redis replicas=1\ncluster store=redis\nstore failover\n")?.hasPrefix("bad.scn:3:7:")
            == true)
    let unknown = diagnostic("expect store.leader == x\n")
    #expect(unknown?.contains("store has: sessions, up, evicted, restarts, primary") == true)
}

@Test func storePrimaryIsAWordAndNoneWithoutASharedStore() throws {
    var world = try World()
    #expect(world.value(of: .store(.primary)) == .none)
    _ = try world.apply(.cluster(ClusterSettings()))
    #expect(
        try world.apply(.storeLag(true)) == [
            .storeReplicationFailed(
                statement: "store lag on",
                cause: "needs store=redis with replicas=1 or more (store=local has no replicas)")
        ])
    #expect(Reference.store(.primary).valueType == .word)
}
