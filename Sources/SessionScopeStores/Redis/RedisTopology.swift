import Foundation
import Glibc
import SessionScopeCore

/// The private Redis of `store=redis replicas=N [sentinel=on]` (scenario language 1.1): a
/// primary and N real replicas (`--replicaof`), each behind its own `ReplicationRelay`, and
/// with `sentinel=on` three real `redis-sentinel` processes. Nodes are `store-1` (the first
/// primary), `store-2`, ... Persistence is off on every node, as on the single private Redis.
///
/// Everyone knows a node by its relay's port: the app servers, the sentinels, and the
/// replicas (`--replicaof 127.0.0.1 RELAY`, `replica-announce-port RELAY`). So the address a
/// replica replicates from is the one Sentinel knows its primary by, and Sentinel never
/// "fixes" a replica back to a direct link that the lag could not stall.
public final class RedisTopology {
    struct Node {
        var number: Int
        var server: RedisServerProcess
        var relay: ReplicationRelay
        var alive = true
    }

    private(set) var nodes: [Node] = []
    /// The node the servers write to (`store.primary`).
    public private(set) var primary = 1
    private(set) var sentinels: [SentinelProcess] = []
    /// Whether the replication links stall now (`store lag on`).
    public private(set) var lagging = false
    /// How long a replication link may stay silent before Redis drops it (`repl-timeout`):
    /// an hour, so that a lag left on in the terminal UI keeps the links (and Sentinel keeps
    /// the replicas as candidates) instead of breaking them after the default minute.
    static let replicationTimeoutSeconds = 3600

    /// Starts the primary, `replicas` replicas (and waits until each is in sync), and with
    /// `sentinel` the three sentinels.
    public init(replicas: Int, sentinel: Bool, configuration extra: [String] = []) throws {
        do {
            let relays = try (0...replicas).map { _ in try ReplicationRelay() }
            for (index, relay) in relays.enumerated() {
                let number = index + 1
                var configuration = [
                    "--bind-source-addr", ReplicationRelay.sourceAddress(node: number),
                    "--replica-announce-ip", "127.0.0.1", "--replica-announce-port", String(relay.port),
                    "--repl-timeout", String(Self.replicationTimeoutSeconds),
                    // A new replica gets its copy at once (Redis 7 waits 5 s for others to join).
                    "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0",
                ]
                // The cluster's own Redis keys (persistence, maxmemory, eviction), on every node.
                configuration += extra
                if number > 1 { configuration += ["--replicaof", "127.0.0.1", String(relays[0].port)] }
                let server = try RedisServerProcess(configuration: configuration)
                relay.forward(to: server.port)
                nodes.append(Node(number: number, server: server, relay: relay))
            }
            try waitUntil("the replicas to copy the primary", seconds: 15) {
                try self.syncedReplicas(of: 1) == replicas
            }
            if sentinel {
                sentinels = try (0..<SentinelProcess.count).map { _ in
                    try SentinelProcess(primaryPort: relays[0].port)
                }
            }
        } catch {
            stop()
            throw error
        }
    }

    deinit { stop() }

    /// Stops every process and relay.
    public func stop() {
        for sentinel in sentinels { sentinel.stop() }
        sentinels = []
        for node in nodes {
            node.relay.close()
            node.server.stop()
        }
        nodes = []
    }

    public var hasSentinel: Bool { !sentinels.isEmpty }

    /// The process ids of every process running now, for tests that check none survives.
    public var processIdentifiers: [Int32] {
        (nodes.map(\.server.processIdentifier) + sentinels.map(\.processIdentifier)).filter { $0 != 0 }
    }

    /// The port the servers reach the primary at: with `sentinel=on` asked of Sentinel as a
    /// Sentinel-aware client does (`SENTINEL get-master-addr-by-name` of each sentinel in
    /// turn, until one names a node that says it is the primary); else the one the operator
    /// configured.
    public func primaryPort() throws -> Int32 {
        guard hasSentinel else { return node(primary).relay.port }
        var failures: [String] = []
        for sentinel in sentinels {
            do {
                let reply = try sentinel.connection().command(
                    ["SENTINEL", "get-master-addr-by-name", SentinelProcess.masterName])
                guard let parts = reply.array, parts.count == 2, let port = parts[1].string.flatMap(Int32.init),
                    let named = nodes.first(where: { $0.relay.port == port })
                else {
                    failures.append("sentinel \(sentinel.port) answered \(reply)")
                    continue
                }
                if named.alive, try replicationInfo(named.number)["role"] == "master" { return port }
                failures.append("sentinel \(sentinel.port) names store-\(named.number), which is not a primary")
            } catch {
                failures.append(String(describing: error))
            }
        }
        throw StoreError(operation: "SENTINEL get-master-addr-by-name", cause: failures.joined(separator: "; "))
    }

    /// The live replicas' numbers.
    var replicaNumbers: [Int] { nodes.filter { $0.alive && $0.number != primary }.map(\.number) }

    func node(_ number: Int) -> Node { nodes[number - 1] }

    /// A connection to node K's own port (not through its relay): sessionscope's console.
    func console(_ number: Int) -> RedisConnection {
        RedisConnection(host: "127.0.0.1", port: node(number).server.port, timeoutMilliseconds: 500)
    }

    /// `INFO replication` of node K as fields.
    func replicationInfo(_ number: Int) throws -> [String: String] {
        let reply = try console(number).command(["INFO", "replication"])
        guard let text = reply.string else {
            throw StoreError(operation: "INFO replication", cause: "store-\(number) answered \(reply)")
        }
        var fields: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = String(line[line.index(after: colon)...])
        }
        return fields
    }

    /// How many replicas node K lists as online.
    private func syncedReplicas(of number: Int) throws -> Int {
        try replicationInfo(number).filter { $0.key.hasPrefix("slave") && $0.value.contains("state=online") }.count
    }

    /// The node's replication offset: a primary's `master_repl_offset`, a replica's
    /// `slave_repl_offset` (what it has received and applied).
    func offset(_ number: Int) throws -> Int64 {
        let info = try replicationInfo(number)
        let field = info["role"] == "master" ? "master_repl_offset" : "slave_repl_offset"
        guard let offset = info[field].flatMap(Int64.init) else {
            throw StoreError(operation: "INFO replication", cause: "store-\(number) reports no \(field)")
        }
        return offset
    }

    /// Every node with its role and offset, read from the processes, for the store pane.
    public func status() -> [StoreNode] {
        nodes.map { node in
            guard node.alive, let info = try? replicationInfo(node.number) else {
                return StoreNode(number: node.number, role: .down, offset: nil, linkUp: nil, stalled: false)
            }
            let isPrimary = info["role"] == "master"
            let offset = info[isPrimary ? "master_repl_offset" : "slave_repl_offset"].flatMap(Int64.init)
            return StoreNode(
                number: node.number, role: isPrimary ? .primary : .replica, offset: offset,
                linkUp: isPrimary ? nil : info["master_link_status"] == "up",
                stalled: lagging && !isPrimary)
        }
    }

    /// Stalls (or frees) every replication link; see `ReplicationRelay`.
    func stallLinks(_ on: Bool) {
        lagging = on
        for node in nodes where node.alive { node.relay.setStalled(on) }
    }

    /// Kills the primary at once and has a replica promoted: by Sentinel, once every sentinel
    /// knows the replicas and its peers; otherwise as an operator would. Returns when the
    /// new primary says it is one. The lag ends with the crash: the stalled links were the
    /// dead primary's. `prefix` names the run's session keys (`<prefix>sess:<id>`): what was
    /// lost is counted from the data, the old primary's keys against the promoted node's.
    func failover(sessionPrefix prefix: String) throws -> Failover {
        let candidates = replicaNumbers
        guard !candidates.isEmpty else {
            throw StoreError(operation: "store failover", cause: "no replica is left to promote")
        }
        if hasSentinel { try waitUntilSentinelsKnowTheReplicas(candidates) }
        let old = primary
        let primaryInfo = try replicationInfo(old)
        let primaryOffset = try offset(old)
        var offsets: [Int: Int64] = [:]
        var histories: [Int: String] = [:]
        for number in candidates {
            offsets[number] = try offset(number)
            histories[number] = try replicationInfo(number)["master_replid"] ?? ""
        }
        // Nothing writes between this read and the kill: the world waits for the statement.
        let held = try sessionKeys(on: old, prefix: prefix)
        // The crash: SIGKILL, then the relay drops whatever the replicas had not received.
        nodes[old - 1].server.kill()
        nodes[old - 1].relay.close()
        nodes[old - 1].alive = false
        stallLinks(false)
        let promoted: Int
        let method: FailoverMethod
        if hasSentinel {
            promoted = try waitForSentinelsPromotion(old: old)
            method = .sentinel
        } else {
            // The highest offset has the most writes; ties go to the lowest number. Only offsets
            // of the primary's own history count (a replica still on an older one has copied nothing).
            func rank(_ number: Int) -> (Int, Int64, Int) {
                (histories[number] == primaryInfo["master_replid"] ? 1 : 0, offsets[number]!, -number)
            }
            promoted = candidates.max { rank($0) < rank($1) }!
            try promote(promoted, others: candidates.filter { $0 != promoted })
            method = .byOperator
        }
        primary = promoted
        // The statement ends with the other replicas copying the new primary (Sentinel points
        // them at it a moment after the promotion), so that what follows, and the store pane,
        // sees them linked. Not fatal: the failover itself is done.
        let others = replicaNumbers
        let newPort = String(node(promoted).relay.port)
        try? waitUntil("the other replicas to copy store-\(promoted)", seconds: 10) {
            try others.allSatisfy { number in
                let info = try self.replicationInfo(number)
                return info["master_port"] == newPort && info["master_link_status"] == "up"
            }
        }
        // Offsets compare only within one replication history (a restart starts a new one).
        let sameHistory = histories[promoted] == primaryInfo["master_replid"]
        let kept = try sessionKeys(on: promoted, prefix: prefix)
        return Failover(
            from: old, to: promoted, method: method,
            unsentBytes: sameHistory ? max(0, primaryOffset - (offsets[promoted] ?? 0)) : 0,
            sameHistory: sameHistory, lostSessions: held.subtracting(kept).count,
            staleSessions: kept.subtracting(held).count)
    }

    /// The session keys under `prefix` that node K holds (SCAN on its own port).
    private func sessionKeys(on number: Int, prefix: String) throws -> Set<String> {
        var keys: Set<String> = []
        var cursor = "0"
        let connection = console(number)
        defer { connection.disconnect() }
        repeat {
            let reply = try connection.command(["SCAN", cursor, "MATCH", prefix + "sess:*", "COUNT", "1000"])
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string else {
                throw StoreError(operation: "SCAN", cause: "store-\(number) answered \(reply)")
            }
            cursor = next
            keys.formUnion((parts[1].array ?? []).compactMap(\.string))
        } while cursor != "0"
        return keys
    }

    /// `store restart` with replicas: the current primary stops and starts again as a
    /// primary (a replica promoted by a failover was started with `--replicaof`, which goes),
    /// on the same port; the live replicas reconnect through their relays and copy it again
    /// (a new replication history: a full copy). Returns once they did (unless the links are
    /// stalled) and, with Sentinel, once Sentinel names it the primary again.
    func restartPrimary() throws -> RedisServerProcess {
        let number = primary
        let server = node(number).server
        var configuration: [String] = []
        var arguments = server.arguments[...]
        while let first = arguments.popFirst() {
            if first == "--replicaof" {
                arguments = arguments.dropFirst(2)
            } else {
                configuration.append(first)
            }
        }
        try server.restart(configuration: configuration)
        let replicas = replicaNumbers
        if !lagging {
            let copied = {
                try self.syncedReplicas(of: number) == replicas.count
                    && replicas.allSatisfy { try self.replicationInfo($0)["master_link_status"] == "up" }
            }
            do {
                try waitUntil("the replicas to copy the restarted primary", seconds: 10, copied)
            } catch {
                // A replica that has not come back (seen once on a loaded machine, its link to
                // the restarted primary never up again): pointed at the primary anew, as an
                // operator would, and waited for once more.
                let port = String(node(number).relay.port)
                for replica in replicas where (try? replicationInfo(replica)["master_link_status"]) != "up" {
                    _ = try? console(replica).command(["REPLICAOF", "NO", "ONE"])
                    _ = try? console(replica).command(["REPLICAOF", "127.0.0.1", port])
                }
                try waitUntil("the replicas to copy the restarted primary", seconds: 20, copied)
            }
        }
        if hasSentinel {
            try waitUntil("Sentinel to name the restarted store-\(number) the primary", seconds: 15) {
                try self.primaryPort() == self.node(number).relay.port
            }
        }
        return server
    }

    /// `REPLICAOF NO ONE` to the chosen replica, and the others pointed at it.
    private func promote(_ number: Int, others: [Int]) throws {
        let reply = try console(number).command(["REPLICAOF", "NO", "ONE"])
        guard reply == .status("OK") else {
            throw StoreError(operation: "REPLICAOF NO ONE", cause: "store-\(number) answered \(reply)")
        }
        for other in others {
            _ = try console(other).command(["REPLICAOF", "127.0.0.1", String(node(number).relay.port)])
        }
        try waitUntil("store-\(number) to act as the primary", seconds: 10) {
            try self.replicationInfo(number)["role"] == "master"
        }
    }

    /// Sentinel promotes only replicas it knows, and needs its peers for the quorum and the
    /// vote: wait until every sentinel lists every live replica, healthy, and can authorise
    /// a failover (`SENTINEL ckquorum`).
    private func waitUntilSentinelsKnowTheReplicas(_ replicas: [Int]) throws {
        let ports = Set(replicas.map { String(node($0).relay.port) })
        try waitUntil("the sentinels to know the replicas and each other", seconds: 30) {
            for sentinel in self.sentinels {
                let connection = sentinel.connection()
                let known = try connection.command(["SENTINEL", "replicas", SentinelProcess.masterName])
                let healthy = Set(
                    (known.array ?? []).compactMap { entry -> String? in
                        let fields = Self.fields(entry)
                        guard let flags = fields["flags"], !flags.contains("down"), !flags.contains("disconnected")
                        else { return nil }
                        return fields["port"]
                    })
                guard ports.isSubset(of: healthy) else { return false }
                let quorum = try connection.command(["SENTINEL", "ckquorum", SentinelProcess.masterName])
                guard case .status(let text) = quorum, text.contains("\(SentinelProcess.count) usable") else {
                    return false
                }
            }
            return true
        }
    }

    /// Polls the sentinels until one names a new primary that says it is one.
    private func waitForSentinelsPromotion(old: Int) throws -> Int {
        var promoted = 0
        try waitUntil("Sentinel to promote a replica", seconds: 60) {
            guard let port = try? self.primaryPort(), port != self.node(old).relay.port,
                let number = self.nodes.first(where: { $0.relay.port == port })?.number
            else { return false }
            promoted = number
            return true
        }
        return promoted
    }

    /// A flat `[key, value, ...]` reply as fields.
    static func fields(_ reply: RedisConnection.Reply) -> [String: String] {
        let items = (reply.array ?? []).map { $0.string ?? "" }
        var fields: [String: String] = [:]
        var index = 0
        while index + 1 < items.count {
            fields[items[index]] = items[index + 1]
            index += 2
        }
        return fields
    }

    /// Checks `condition` every 50 ms until it holds, or throws after `seconds`.
    func waitUntil(_ what: String, seconds: Double, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        var lastError: (any Error)?
        while Date() < deadline {
            do {
                if try condition() { return }
            } catch {
                lastError = error
            }
            usleep(50_000)
        }
        throw StoreError(
            operation: "redis replication",
            cause: "waited \(Int(seconds)) s for \(what)" + (lastError.map { " (last error: \($0))" } ?? ""))
    }
}
