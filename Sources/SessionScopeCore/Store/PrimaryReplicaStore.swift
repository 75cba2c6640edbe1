/// A shared store with a primary and replicas (`store=redis replicas=N`, 1.1): real
/// processes, which the world asks to stall replication (`store lag`) and to fail over
/// (`store failover`). The nodes are named `store-1` (the first primary), `store-2`, ...
///
/// The core only asks; the store module starts the processes and carries the requests out
/// (`RedisStore` with a `RedisTopology`).
public protocol PrimaryReplicaStore: AnyObject {
    /// The node the servers write to now (`store.primary`).
    var primary: Int { get }
    /// Whether this store has replicas at all (store=redis with replicas=0, or a `--redis`
    /// server that is not ours, has none).
    var hasReplicas: Bool { get }
    /// The replicas running now (fewer than `replicas=N` after a failover promoted one).
    var liveReplicas: Int { get }
    /// Every node with its role and replication offset, read from the processes themselves
    /// (`INFO replication`), for the store pane.
    func replicationNodes() -> [StoreNode]
    /// `store lag on`: waits until the replicas hold every write so far (`WAIT`), then stalls
    /// their links to the primary; returns how many were in sync, or nil when the lag was
    /// on already. `off`: the links flow again, and it returns how many replicas caught up
    /// (`WAIT`), or nil when the lag was off already.
    func setLag(_ on: Bool) throws -> Int?
    /// Kills the primary at once (its unsent writes go with it), has a replica promoted and
    /// returns once the store writes to the new primary.
    func failover() throws -> Failover
}

/// One process of a store with replicas, as the store pane shows it.
public struct StoreNode: Equatable, Sendable {
    public enum Role: String, Sendable {
        case primary, replica
        /// Killed by a failover (or not answering).
        case down
    }

    /// K of `store-K`.
    public var number: Int
    public var role: Role
    /// The replication offset the node reports (`master_repl_offset` of a primary,
    /// `slave_repl_offset` of a replica); nil when it cannot be read.
    public var offset: Int64?
    /// A replica's link to its primary as it reports it (`master_link_status`), nil otherwise.
    public var linkUp: Bool?
    /// Whether its replication link is stalled now (`store lag on`).
    public var stalled: Bool

    public init(number: Int, role: Role, offset: Int64?, linkUp: Bool?, stalled: Bool) {
        self.number = number
        self.role = role
        self.offset = offset
        self.linkUp = linkUp
        self.stalled = stalled
    }
}

/// Who promoted the replica in a failover.
public enum FailoverMethod: String, Equatable, Sendable {
    /// Redis Sentinel (`sentinel=on`): a quorum of sentinels agreed and one of them promoted it.
    case sentinel
    /// As an operator would: the replica with the highest offset got `REPLICAOF NO ONE`.
    case byOperator = "operator"
}

/// What a failover did.
public struct Failover: Equatable, Sendable {
    /// The primary that crashed (`store-K`).
    public var from: Int
    /// The replica promoted in its place.
    public var to: Int
    public var method: FailoverMethod
    /// Bytes of the replication stream (every write, and Sentinel's own pings and hellos)
    /// the old primary had produced and the promoted replica had not received, from their
    /// offsets just before the crash; 0 when the offsets are of different histories.
    public var unsentBytes: Int64
    /// Whether the promoted replica had copied the old primary's current replication history
    /// (false: the primary was restarted and the replica had not copied it again, so their
    /// offsets do not compare).
    public var sameHistory: Bool
    /// Sessions the old primary held that the promoted replica did not: lost with the crash
    /// (counted from the data: the run's session keys on both nodes).
    public var lostSessions: Int?
    /// Sessions the promoted replica held that the old primary no longer did (deleted or
    /// emptied by a restart before the replica heard of it): they are back.
    public var staleSessions: Int?

    public init(
        from: Int, to: Int, method: FailoverMethod, unsentBytes: Int64, sameHistory: Bool = true,
        lostSessions: Int? = nil, staleSessions: Int? = nil
    ) {
        self.from = from
        self.to = to
        self.method = method
        self.unsentBytes = unsentBytes
        self.sameHistory = sameHistory
        self.lostSessions = lostSessions
        self.staleSessions = staleSessions
    }
}
