import SessionScopeCore

/// `store lag` and `store failover` (1.1) on the private primary and replicas.
extension RedisStore: PrimaryReplicaStore {
    /// A store on the primary of `topology`, found through Sentinel when it has sentinels;
    /// with `watchEvictions` (`maxmemory`), the primary's evictions are learnt as for one server.
    convenience init(topology: RedisTopology, runID: String, rules: ExpiryRules, watchEvictions: Bool = false) throws {
        self.init(host: "127.0.0.1", port: try topology.primaryPort(), runID: runID, rules: rules)
        self.topology = topology
        if watchEvictions { watchPrimary(inheriting: nil) }
    }

    /// Subscribes to the current primary's evictions (replicas do not evict on their own: they
    /// apply the primary's deletions), keeping what an earlier watch had learnt.
    private func watchPrimary(inheriting old: RedisEvictionWatch?) {
        let watch = RedisEvictionWatch(host: connection.host, port: connection.port, database: 0, prefix: prefix)
        if let old {
            watch.adopt(old)
            old.close()
        }
        self.watch = watch
        try? watch.start(connection)
    }

    public var primary: Int { topology?.primary ?? 1 }
    public var hasReplicas: Bool { topology != nil }
    public var liveReplicas: Int { topology?.replicaNumbers.count ?? 0 }
    public func replicationNodes() -> [StoreNode] { topology?.status() ?? [] }

    public func setLag(_ on: Bool) throws -> Int? {
        guard let topology else { throw Self.noTopology("store lag") }
        guard on else {
            guard topology.lagging else { return nil }
            topology.stallLinks(false)
            // Back in step before the statement ends, so what follows sees the replicas caught up.
            return try waitForReplicas(topology)
        }
        guard !topology.lagging else { return nil }
        let inSync = try waitForReplicas(topology)
        topology.stallLinks(true)
        return inSync
    }

    public func failover() throws -> Failover {
        guard let topology else { throw Self.noTopology("store failover") }
        let result = try topology.failover(sessionPrefix: prefix)
        // The servers find the new primary as before: through Sentinel, or where the operator
        // says; the statement ends when they reach it.
        connection.disconnect()
        connection = RedisConnection(host: "127.0.0.1", port: try topology.primaryPort())
        let role = try connection.command(["ROLE"])
        guard role.array?.first?.string == "master" else {
            throw StoreError(operation: "store failover", cause: "the new primary answers ROLE with \(role)")
        }
        if let old = watch { watchPrimary(inheriting: old) }
        return result
    }

    /// `WAIT`: how many replicas acknowledged every write so far. WAIT counts the replicas that
    /// hold the asking client's last write, so a connection of its own writes one mark (under
    /// the run's prefix) first: the replication stream is in order, and the mark comes after
    /// every earlier write.
    private func waitForReplicas(_ topology: RedisTopology) throws -> Int {
        let control = RedisConnection(host: connection.host, port: connection.port, timeoutMilliseconds: 10_000)
        defer { control.disconnect() }
        let replicas = topology.replicaNumbers.count
        let replies = try control.pipeline([
            ["SET", prefix + "replication-mark", "1"], ["WAIT", String(replicas), "5000"],
        ])
        guard let acknowledged = replies.last?.integer else {
            throw StoreError(operation: "WAIT", cause: "redis: \(replies)")
        }
        return Int(acknowledged)
    }

    private static func noTopology(_ statement: String) -> StoreError {
        StoreError(operation: statement, cause: "this Redis has no replicas sessionscope started")
    }
}

extension RedisStore {
    /// The primary, replicas and sentinels behind this store (`replicas=N`), nil otherwise.
    public var replicationTopology: RedisTopology? { topology }
}

extension RedisTopology {
    /// A connection to node K's own port (not through its relay), to read a node directly.
    public func nodeConnection(_ number: Int) -> RedisConnection { console(number) }
}
