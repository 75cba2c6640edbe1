import SessionScopeCore

extension StoreProvider {
    /// `store=redis replicas=N [sentinel=on]` (1.1): a private primary with real replicas (and
    /// sentinels), never a server given with `--redis`, which is not ours to reconfigure.
    func makeReplicatedRedis(_ settings: ClusterSettings) throws -> RedisStore {
        guard options.redisURL == nil else {
            let keys =
                (settings.replicas > 0 ? ["replicas=\(settings.replicas)"] : [])
                + (settings.sentinel ? ["sentinel=on"] : [])
            throw StoreError(
                operation: "--redis",
                cause:
                    "\(keys.joined(separator: " ")) starts sessionscope's own Redis processes; the server given "
                    + "with --redis is not ours to reconfigure (leave out --redis, or the setting)")
        }
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
