import SessionScopeCore

/// What Redis itself says it evicted (1.1, `maxmemory`): a second connection subscribed to the
/// keyspace notifications of evictions (`__keyevent@DB__:evicted`; the private server runs with
/// `notify-keyspace-events Ee`). Nothing is guessed from counts.
///
/// Redis publishes each eviction while it runs the command that needed the room, so before a
/// question is answered the watch publishes a marker of its own on the main connection and
/// reads up to it: every eviction caused by an earlier command has arrived by then.
final class RedisEvictionWatch {
    private let subscriber: RedisConnection
    private let evictedChannel: String
    private let markerChannel: String
    private let sessionPrefix: String
    private let indexKey: String
    private var subscribed = false
    private var markers = 0
    /// Ids of this run's sessions Redis evicted, and the policy it evicted them under.
    private(set) var evicted: [SessionID: String] = [:]
    /// The server's `maxmemory-policy`, read from it when the watch subscribed.
    private(set) var policy = "unknown"

    init(host: String, port: Int32, database: Int, prefix: String) {
        subscriber = RedisConnection(host: host, port: port, database: database)
        evictedChannel = "__keyevent@\(database)__:evicted"
        markerChannel = prefix + "marker"
        sessionPrefix = prefix + "sess:"
        indexKey = prefix + "expiry"
    }

    /// Whether Redis evicted the run's expiry index at some point (an `allkeys-*` policy may):
    /// it then lacks every session written before, for good.
    private(set) var indexEvicted = false

    /// Keeps what `other` learnt (a watch of an earlier primary): `store.evicted` counts since
    /// the cluster was built, across a failover.
    func adopt(_ other: RedisEvictionWatch) {
        evicted.merge(other.evicted) { mine, _ in mine }
        indexEvicted = indexEvicted || other.indexEvicted
    }

    /// Subscribes (again after the server restarted); reads the policy the server runs with.
    func start(_ main: RedisConnection) throws {
        guard !subscribed else { return }
        let config = try main.command(["CONFIG", "GET", "maxmemory-policy"])
        if let values = config.array, values.count == 2, let value = values[1].string { policy = value }
        _ = try subscriber.command(["SUBSCRIBE", evictedChannel])
        _ = try subscriber.command(["SUBSCRIBE", markerChannel])
        subscribed = true
    }

    /// Reads every eviction Redis reported for commands sent on `main` so far; returns the
    /// ids of this run's sessions among them.
    func catchUp(_ main: RedisConnection) throws -> [SessionID] {
        do {
            try start(main)
            markers += 1
            let marker = String(markers)
            _ = try main.command(["PUBLISH", markerChannel, marker])
            var found: [SessionID] = []
            while true {
                let push = try subscriber.nextPush()
                guard let parts = push.array, parts.count == 3, parts[0].string == "message",
                    let channel = parts[1].string, let payload = parts[2].string
                else { continue }
                if channel == markerChannel {
                    if payload == marker { return found }
                    continue
                }
                if payload == indexKey { indexEvicted = true }
                guard payload.hasPrefix(sessionPrefix),
                    let id = SessionID(hex: String(payload.dropFirst(sessionPrefix.count)))
                else { continue }
                evicted[id] = policy
                found.append(id)
            }
        } catch {
            // A broken subscription (the server restarted) is made again next time.
            reset()
            throw error
        }
    }

    /// The server went away: the subscription is gone with it.
    func reset() {
        subscriber.disconnect()
        subscribed = false
    }

    func close() { reset() }
}
