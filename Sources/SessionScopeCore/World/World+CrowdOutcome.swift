/// What a crowd really did to a real shared store (1.1): the quiet tally counts sessions the
/// middleware created, but a store that refused the write (`noeviction` out of memory, a
/// read-only replica, unreachable) or evicted sessions meanwhile holds fewer. The crowd's
/// event then says what the store holds, how many guests got 503 and why, and the evictions.
public struct CrowdOutcome: Sendable {
    /// The real shared store's session count before the crowd; nil without one.
    var countBefore: Int?
    /// Its eviction count before the crowd.
    var evictedBefore: Int?
    /// Guests that got at least one 503 because the store failed.
    public var refusedGuests = 0
}

extension World {
    /// Counts what the crowd's outcome is measured against; nothing without a real shared store.
    mutating func startCrowdOutcome() -> CrowdOutcome {
        quietRefusals = 0
        quietRefusalCause = nil
        guard let shared = sharedStore else { return CrowdOutcome() }
        // These reads are not the crowd's requests: their timings are not reported.
        defer { discardTimings() }
        return CrowdOutcome(countBefore: try? shared.count(), evictedBefore: storeEvictedCount())
    }

    /// The net change at each location; when the store refused or evicted, the store's change
    /// as counted from it, with the refusals and evictions. Where nothing failed, the tally as
    /// it always was (a simulated run's transcript does not change).
    mutating func crowdSessions(_ outcome: CrowdOutcome) -> [SessionCount] {
        crowdSessions(outcome, tally: quietTally, refusalCause: quietRefusalCause)
    }

    /// Live mode's crowds send real requests, so they are not quiet: the driver keeps the
    /// tally and the refusals from the events, and the outcome is told as in the simulation.
    public mutating func beginLiveCrowd() -> CrowdOutcome { startCrowdOutcome() }

    /// The counts of a live crowd's event, from the driver's tally (see `beginLiveCrowd`).
    public mutating func liveCrowdSessions(
        _ outcome: CrowdOutcome, tally: [SessionLocation: Int], refusalCause: String?
    ) -> [SessionCount] {
        crowdSessions(outcome, tally: tally, refusalCause: refusalCause)
    }

    private mutating func crowdSessions(
        _ outcome: CrowdOutcome, tally quiet: [SessionLocation: Int], refusalCause: String?
    ) -> [SessionCount] {
        var tally = quiet
        var storeCount: SessionCount?
        if let shared = sharedStore {
            defer { discardTimings() }
            let evicted = outcome.evictedBefore.flatMap { before in storeEvictedCount().map { $0 - before } } ?? 0
            if outcome.refusedGuests > 0 || evicted > 0 {
                let measured = outcome.countBefore.flatMap { before in (try? shared.count()).map { $0 - before } }
                let change = measured ?? tally[.store, default: 0]
                tally[.store] = nil
                storeCount = SessionCount(
                    at: .store, change: change, refused: outcome.refusedGuests, cause: refusalCause,
                    evicted: evicted)
            }
        } else if outcome.refusedGuests > 0 {
            // The store is down (`store down`): nothing was created, and the 503s are said.
            storeCount = SessionCount(
                at: .store, change: tally[.store, default: 0], refused: outcome.refusedGuests,
                cause: refusalCause)
            tally[.store] = nil
        }
        var counts = tally.filter { $0.value != 0 }.map { SessionCount(at: $0.key, change: $0.value) }
        if let storeCount { counts.append(storeCount) }
        return counts.sorted { $0.at.description < $1.at.description }
    }
}
