/// `store lag on|off` and `store failover` (1.1): asked of a store with replicas, carried
/// out by real processes. The world only records what the store reports.
extension World {
    /// The store with replicas, if the cluster has one.
    public var primaryReplicaStore: (any PrimaryReplicaStore)? {
        guard let store = store as? any PrimaryReplicaStore, store.hasReplicas else { return nil }
        return store
    }

    /// `store.primary`: the node the servers write to (`store-1` for a shared store without
    /// replicas); nil where there is no shared store.
    public var storePrimary: Int? {
        if let replicated = store as? any PrimaryReplicaStore { return replicated.primary }
        return storePlacement == .shared ? 1 : nil
    }

    /// Why the cluster cannot run `store lag` or `store failover`, or nil.
    private var replicationRefusal: String? {
        guard primaryReplicaStore == nil else { return nil }
        guard settings.store == .redis else {
            return "needs store=redis with replicas=1 or more (store=\(settings.store.rawValue) has no replicas)"
        }
        guard settings.replicas > 0 else { return "needs replicas=1 or more (cluster store=redis replicas=1)" }
        return "this Redis is not ours to reconfigure (--redis): it has no replicas sessionscope started"
    }

    /// `store lag on|off`. With no replica left (each promoted by a failover) there is no
    /// link to stall: refused, saying so. `off` when the lag is off changes nothing.
    mutating func setStoreLag(_ on: Bool) {
        let statement = "store lag \(on ? "on" : "off")"
        if let refusal = replicationRefusal {
            return emit(.storeReplicationFailed(statement: statement, cause: refusal))
        }
        guard let replicated = primaryReplicaStore else { return }
        if on, replicated.liveReplicas == 0 {
            return emit(
                .storeReplicationFailed(
                    statement: statement,
                    cause: "no replica is left (failovers promoted them all): there is no link to stall"))
        }
        do {
            let inSync = try replicated.setLag(on)
            emit(.storeLagChanged(on: on, replicas: replicated.liveReplicas, inSync: inSync))
        } catch {
            emit(.storeReplicationFailed(statement: statement, cause: Self.replicationCause(error, statement)))
        }
        discardTimings()
    }

    /// `store failover`.
    mutating func failStoreOver() {
        if let refusal = replicationRefusal {
            return emit(.storeReplicationFailed(statement: "store failover", cause: refusal))
        }
        guard let replicated = primaryReplicaStore else { return }
        do {
            emit(.storeFailedOver(try replicated.failover()))
        } catch {
            emit(
                .storeReplicationFailed(
                    statement: "store failover", cause: Self.replicationCause(error, "store failover")))
        }
        discardTimings()
    }

    /// A failure's text without the statement's name again (the event's text starts with it).
    private static func replicationCause(_ error: any Error, _ statement: String) -> String {
        if let failure = error as? StoreError, failure.operation == statement { return failure.cause }
        return String(describing: error)
    }

    /// Lets the store go, for a driver that drops this world for a fresh one (the timeline
    /// stepping back): a real store deletes its run's sessions, and a Redis with replicas
    /// stops its processes instead of running on beside the new world's until exit.
    public mutating func releaseStore() {
        store.shutdown()
    }
}
