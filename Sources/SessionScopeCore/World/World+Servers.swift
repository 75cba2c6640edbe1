extension World {
    /// `server-K kill`: the process dies and its memory with it.
    mutating func kill(server k: Int) {
        guard servers[k - 1].isUp else { return emit(.serverAlreadyInState(server: k, up: false)) }
        let lost = servers[k - 1].table.count
        updateServer(k) {
            $0.isUp = false
            $0.table.removeAll()
        }
        // The denylist was in the server's memory too.
        denylists[k - 1] = []
        emit(.serverCrashed(server: k, sessionsLost: lost))
    }

    /// `server-K start`: back with an empty memory; a kind that copies state on start
    /// (replication) copies a live peer's sessions.
    mutating func start(server k: Int) {
        guard !servers[k - 1].isUp else { return emit(.serverAlreadyInState(server: k, up: true)) }
        updateServer(k) { $0.isUp = true }
        emit(.serverStarted(server: k))
        if let transfer = store.serverStarted(k, memory: &servers) {
            emit(.sessionsTransferred(from: transfer.from, to: k, count: transfer.count))
        }
        if settings.revocation == .denylist, let peer = servers.first(where: { $0.isUp && $0.number != k }) {
            denylists[k - 1] = denylists[peer.number - 1]
            emit(.denylistCopied(from: peer.number, to: k, count: denylists[k - 1].count))
        }
    }

    /// `store down` / `store up`: the servers lose or regain the shared store; data is kept.
    mutating func setStore(up: Bool) {
        guard storePlacement == .shared else { return emit(.storeNotShared(settings.store)) }
        storeIsUp = up
        emit(up ? .storeCameUp : .storeWentDown)
    }

    /// Sessions held in server K's memory (0 for shared stores and `jwt`).
    public func sessionCount(server k: Int) -> Int { servers[k - 1].table.count }

    /// Sessions in the shared store, read from it; nil when it cannot be read.
    public func sharedStoreCount() -> Int? {
        // Looking is not part of the run: the count's own timing is not reported.
        defer { _ = store.drainTimings() }
        return try? store.count()
    }
}
