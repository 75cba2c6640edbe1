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

    /// `store lag on|off`.
    mutating func setStoreLag(_ on: Bool) {
        let statement = "store lag \(on ? "on" : "off")"
        if let refusal = replicationRefusal {
            return emit(.storeReplicationFailed(statement: statement, cause: refusal))
        }
        guard let replicated = primaryReplicaStore else { return }
        do {
            let inSync = try replicated.setLag(on)
            emit(.storeLagChanged(on: on, replicas: replicated.liveReplicas, inSync: inSync))
        } catch {
            emit(.storeReplicationFailed(statement: statement, cause: String(describing: error)))
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
            emit(.storeReplicationFailed(statement: "store failover", cause: String(describing: error)))
        }
        discardTimings()
    }

    /// Lets the store go, for a driver that drops this world for a fresh one (the timeline
    /// stepping back): a real store deletes its run's sessions, and a Redis with replicas
    /// stops its processes instead of running on beside the new world's until exit.
    public mutating func releaseStore() {
        store.shutdown()
    }
}
