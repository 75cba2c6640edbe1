import SessionScopeCore

extension StoreProvider {
    /// `store=redis replicas=N [sentinel=on]` (1.1): a private primary with real replicas (and
    /// sentinels), never a server given with `--redis`, which is not ours to reconfigure.
    func makeReplicatedRedis(_ settings: ClusterSettings) throws -> RedisStore {
        if let url = options.redisURL, let refusal = Self.refusal(settings, redisURL: url) { throw refusal }
        let topology = try RedisTopology(
            replicas: settings.replicas, sentinel: settings.sentinel,
            configuration: RedisServerProcess.configuration(for: settings))
        do {
            return try RedisStore(
                topology: topology, runID: Self.newRunID(), rules: settings.expiryRules,
                watchEvictions: settings.maxMemory != nil)
        } catch {
            topology.stop()
            throw error
        }
    }
}
