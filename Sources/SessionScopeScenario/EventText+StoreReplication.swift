import SessionScopeCore

extension EventText {
    /// `store lag on|off` (1.1).
    static func lagLines(on: Bool, replicas: Int, inSync: Int?) -> [String] {
        guard on else { return ["store lag off: the replicas' links flow again and they catch up with the primary"] }
        guard let inSync else { return ["store lag is already on; nothing changes"] }
        return [
            "store lag on: WAIT saw every earlier write on \(inSync) of \(replicas) replica"
                + "\(replicas == 1 ? "" : "s"); now their links to the primary stall",
            "  (writes from here on reach the primary only)",
        ]
    }

    /// `store failover` (1.1).
    static func failoverLines(_ failover: Failover) -> [String] {
        let lost =
            failover.unsentBytes > 0
            ? "its \(failover.unsentBytes) bytes of writes no replica had received are gone"
            : "every write it had made had reached the promoted replica"
        let who: String
        switch failover.method {
        case .sentinel: who = "Sentinel (quorum 2 of 3) promoted store-\(failover.to)"
        case .byOperator: who = "the operator promoted store-\(failover.to) (highest offset) with REPLICAOF NO ONE"
        }
        return [
            "store-\(failover.from) crashed (SIGKILL): \(lost)", "\(who); the servers now use store-\(failover.to)",
        ]
    }
}
