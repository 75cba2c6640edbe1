import Foundation
import SessionScopeCore
import SessionScopeStores

extension Benchmarks {
    /// `store failover` on a private primary with one replica: with Sentinel (three sentinels,
    /// quorum 2, down-after 1 s), from the statement's start to the first `200` of `GET /me`
    /// through the new primary; and as the operator (`REPLICAOF NO ONE`), the same span.
    /// Each run starts fresh processes; the cluster's start is not counted.
    func failover(runs: Int = 5) throws -> [(String, Double)] {
        var sentinel: [Double] = []
        var byOperator: [Double] = []
        for _ in 0..<runs {
            sentinel.append(try failoverSeconds(sentinel: true))
            byOperator.append(try failoverSeconds(sentinel: false))
        }
        sentinel.sort()
        byOperator.sort()
        let median = sentinel[sentinel.count / 2]
        log(
            "failover_sentinel_to_first_200_s: \(String(format: "%.2f", median)) median of \(runs) "
                + "(\(sentinel.map { String(format: "%.2f", $0) }.joined(separator: ", ")))")
        let operatorMedian = byOperator[byOperator.count / 2]
        log("failover_operator_to_first_200_ms: \(String(format: "%.1f", operatorMedian * 1000)) median of \(runs)")
        return [
            ("failover_sentinel_to_first_200_s", median), ("failover_sentinel_max_s", sentinel.last!),
            ("failover_operator_to_first_200_ms", operatorMedian * 1000),
        ]
    }

    private func failoverSeconds(sentinel: Bool) throws -> Double {
        let provider = StoreProvider()
        defer { provider.shutdown() }
        var settings = ClusterSettings()
        settings.store = .redis
        settings.replicas = 1
        settings.sentinel = sentinel
        var world = try World(settings: settings, storeFactory: provider.make)
        _ = try world.apply(.openBrowser(name: "alice", ip: nil))
        _ = try world.apply(.login(browser: "alice", user: "alice", password: nil, remember: false))
        let me = Command.request(browser: "alice", method: .get, path: "/me", form: [])
        var failedOver = false
        let seconds = try Stopwatch.seconds {
            let events = try world.apply(.storeFailover)
            failedOver = events.contains { if case .storeFailedOver = $0 { return true } else { return false } }
            guard failedOver else { return log("failover: \(events)") }
            // The statement ends when the servers use the new primary: the next request is the first 200.
            var attempts = 0
            repeat {
                _ = try world.apply(me)
                attempts += 1
            } while world.browser(named: "alice")?.last?.user != "alice" && attempts < 10_000
        }
        guard failedOver else { throw WorldError("store failover did not complete") }
        return seconds
    }
}
