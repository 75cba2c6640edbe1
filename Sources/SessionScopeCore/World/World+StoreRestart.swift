/// The store's own failures (1.1): `store restart`, and what the store evicted.
extension World {
    /// The shared store as the real store it is; nil for kinds without one.
    var sharedStore: (any SharedSessionStore)? {
        storePlacement == .shared ? store as? any SharedSessionStore : nil
    }

    /// `store restart`: the real store stops and starts again; what it holds afterwards is
    /// counted from it. Kinds without a shared store change nothing (as `store down`). Throws
    /// when the store is not sessionscope's to restart; the world is then unchanged.
    mutating func restartStore() throws(WorldError) {
        guard let shared = sharedStore else { return emit(.storeNotShared(settings.store)) }
        // Counting is not part of the restart: those reads' timings are not reported.
        defer { _ = store.drainTimings() }
        let before = try? shared.count()
        let how: String
        do {
            how = try shared.restart()
        } catch let refusal as StoreRefusal {
            throw WorldError(refusal.message)
        } catch {
            return emit(.storeFailed(operation: .restart, cause: Self.cause(of: error)))
        }
        emit(.storeRestarted(how: how, before: before, after: try? shared.count()))
    }

    /// Why a valid id found no session: evicted, when the store says it evicted it.
    func missReason(_ id: SessionID) -> MissReason {
        guard let policy = (try? sharedStore?.eviction(of: id)) ?? nil else { return .unknown }
        return .evicted(policy: policy)
    }

    /// `store.evicted`: sessions the store evicted since the cluster was built; nil when it
    /// cannot be read.
    public func storeEvictedCount() -> Int? {
        guard let shared = sharedStore else { return 0 }
        defer { _ = store.drainTimings() }
        return try? shared.evictedCount()
    }

    /// `store.restarts`: restarts of the store since the cluster was built.
    public var storeRestarts: Int { sharedStore?.restarts ?? 0 }
}
