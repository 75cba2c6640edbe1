import SessionScopeCore

extension EventText {
    /// `store lag on|off` (1.1).
    static func lagLines(on: Bool, replicas: Int, inSync: Int?) -> [String] {
        guard let inSync else { return ["store lag is already \(on ? "on" : "off"); nothing changes"] }
        let of = "\(inSync) of \(replicas) replica\(replicas == 1 ? "" : "s")"
        guard on else { return ["store lag off: the links flow again; WAIT saw \(of) catch up with the primary"] }
        return [
            "store lag on: WAIT saw every earlier write on \(of); now \(replicas == 1 ? "its link" : "their links") "
                + "to the primary \(replicas == 1 ? "stalls" : "stall")",
            "  (writes from here on reach the primary only)",
        ]
    }

    /// `store failover` (1.1). What was lost is counted in sessions, from the data; the
    /// offsets' gap is bytes of the replication stream, which also carries Sentinel's own
    /// pings and hellos, so it is shown as such and never called writes.
    static func failoverLines(_ failover: Failover) -> [String] {
        let to = "store-\(failover.to)"
        var lost: String
        switch failover.lostSessions {
        case .some(0): lost = "every session it held was on \(to)"
        case .some(1): lost = "1 session it held was not on \(to) and is gone"
        case .some(let count): lost = "\(count) sessions it held were not on \(to) and are gone"
        case .none: lost = failover.unsentBytes > 0 ? "what \(to) had not received is gone" : "\(to) had received all"
        }
        if let stale = failover.staleSessions, stale > 0 {
            lost += "; \(stale) session\(stale == 1 ? "" : "s") it no longer held \(stale == 1 ? "is" : "are") back"
        }
        let offsets =
            !failover.sameHistory
            ? " (\(to) had not copied it since its restart: their offsets do not compare)"
            : failover.unsentBytes > 0
                ? " (\(to) was \(failover.unsentBytes) bytes of replication stream behind)" : ""
        let who: String
        switch failover.method {
        case .sentinel: who = "Sentinel (quorum 2 of 3) promoted \(to)"
        case .byOperator: who = "the operator promoted \(to) (highest offset) with REPLICAOF NO ONE"
        }
        return ["store-\(failover.from) crashed (SIGKILL): \(lost)\(offsets)", "\(who); the servers now use \(to)"]
    }

    /// One location's net change in a crowd's line; with a real store that refused or evicted
    /// meanwhile, the 503s and their cause and the evictions too.
    static func sessionCountText(_ count: SessionCount) -> String {
        var text = "\(count.at) \(count.change >= 0 ? "+" : "")\(count.change)"
        var notes: [String] = []
        if count.refused > 0 {
            notes.append(
                "\(count.refused) guest\(count.refused == 1 ? "" : "s") got 503"
                    + (count.cause.map { ": \($0)" } ?? ""))
        }
        if count.evicted > 0 { notes.append("\(count.evicted) evicted by redis meanwhile") }
        if !notes.isEmpty { text += " (" + notes.joined(separator: "; ") + ")" }
        return text
    }
}
