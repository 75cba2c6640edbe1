import SessionScopeCore

extension RedisServerProcess {
    /// The redis-server arguments for a cluster's Redis keys (1.1), after the fixed ones
    /// (`--save "" --appendonly no`: a later argument wins in redis-server's configuration):
    /// - `persistence=aof`: `--appendonly yes --appendfsync everysec` (Redis's default fsync
    ///   policy; a clean stop by SIGTERM writes everything out, so `store restart` loses
    ///   nothing); snapshots stay off.
    /// - `maxmemory=SIZE`: `--maxmemory BYTES`, and `--notify-keyspace-events Ee` so that the
    ///   store learns of every eviction from Redis itself.
    /// - `eviction=POLICY`: `--maxmemory-policy POLICY`.
    /// The defaults add nothing: such a server is started exactly as before 1.1.
    public static func configuration(for settings: ClusterSettings) -> [String] {
        var arguments: [String] = []
        switch settings.persistence {
        case .off: break
        case .aof: arguments += ["--appendonly", "yes", "--appendfsync", "everysec"]
        }
        if let bytes = settings.maxMemory {
            arguments += ["--maxmemory", String(bytes), "--notify-keyspace-events", "Ee"]
        }
        if settings.maxMemory != nil || settings.eviction != .noeviction {
            arguments += ["--maxmemory-policy", settings.eviction.rawValue]
        }
        return arguments
    }
}
