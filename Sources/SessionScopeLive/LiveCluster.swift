import NIOCore
import NIOPosix
import SessionScopeCore
import SessionScopeScenario

#if canImport(Glibc)
    import Glibc
#endif

/// What `sessionscope live` (and `check --live`) runs: the world behind real HTTP/1.1
/// listeners, the balancer at `listen` and server K on a loopback port of its own.
///
/// Everything happens on one event loop, the executor of live-mode.md: the listeners, the
/// balancer's connections to the servers, the built-in browsers' connections, the world's
/// steps and the statements. So requests reach the world in arrival order and the world
/// needs no lock. The class is `@unchecked Sendable` because every method runs on `loop`
/// (the public ones hop there).
public final class LiveCluster: @unchecked Sendable {
    /// How the cluster is started.
    public struct Options: Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
        /// Real time counts on the cluster's clock (`live`); false for `check --live`.
        public var realTime = true
        public var settings = ClusterSettings()
        /// Whether `--seed` fixed the seed; otherwise each `cluster` draws one (live mode).
        public var fixedSeed = true
        /// Whether each server's address is announced (on standard error for `live`).
        public var announcesServers = true
        /// Whether outside requests are recorded and shown (off for a benchmark).
        public var reportsRequests = true
        /// Whether the lines for the terminal UI's mirror timeline are kept (`takeMirrorLines`).
        public var mirror = false
        /// Whether the run is recorded (`--record`, `w`); off, nothing is kept per request.
        public var recording = true
        /// The balancer: sessionscope's own, or a real nginx or HAProxy (`--engine`).
        public var engine = LiveEngine.builtin
        /// `--tls CERT KEY`: the balancer serves HTTPS (nil: plain HTTP).
        public var tls: LiveTLS?
        public init() {}
    }

    let options: Options
    let group: MultiThreadedEventLoopGroup
    /// The executor.
    public let loop: EventLoop
    var world: World
    /// Monotonic time at which the cluster was built, and the `advance`s since.
    var builtAt = NIODeadline.now()
    var advanced = TimeSpan.zero
    var balancerChannel: Channel?
    /// The balancer's real address.
    public private(set) var host: String
    public internal(set) var port = 0
    var servers: [ServerListener] = []
    var exchanges: [Int: Exchange] = [:]
    var nextExchange = 1
    var clients = ClientRegistry()
    /// Guests made by `crowd` since the cluster was built.
    var guests = 0
    /// An outside request that arrives while a statement runs waits for it.
    var statementRunning = false
    var waiting: [() -> Void] = []
    /// Outside requests accepted and not answered yet (between the balancer and a server).
    var outsideInFlight = 0
    /// Statements waiting for those to be answered: a statement starts between two requests,
    /// never in the middle of one, so the recording's order is the order things happened.
    var statementsWaiting: [() -> Void] = []
    var connections = 0
    var recording = Recording()
    /// Where each built-in browser's last request came from (`127.0.0.2:41236`).
    var lastRemote: [String: String] = [:]
    /// Called on the loop for every step.
    let observer: @Sendable (LiveStep) -> Void
    /// Prints warnings (standard error).
    let warnings: @Sendable (String) -> Void
    var isShutDown = false
    /// The real nginx or HAProxy at the balancer's address (`--engine`), nil for the built-in one.
    var engineProcess: EngineProcess?
    /// Notes of the running statement's requests (the engine's choices), for its step.
    var statementNotes: [String] = []
    /// The next sweep of an idle cluster (`LiveCluster+SweepTimer.swift`).
    var sweepTask: Scheduled<Void>?
    /// The `Cookie` header each outside client last sent, while its observed jar still holds
    /// exactly that (no answer set a cookie since, no statement, no expiry): observing it
    /// again would change nothing, so the request path skips it.
    var observedHeaders: [String: String?] = [:]
    /// The live store's answers, for the terminal UI's mirror (`options.mirror`).
    public private(set) var storeJournal: StoreJournal?
    /// The pin of the pinned statement running (`... via=server-K`), for its request.
    var pendingPin: Int??

    /// Starts the cluster: the balancer and every server listening. Throws `LiveError`.
    public static func start(
        options: Options, storeFactory: @escaping StoreFactory = inMemoryStore,
        warnings: @escaping @Sendable (String) -> Void = { _ in },
        observer: @escaping @Sendable (LiveStep) -> Void
    ) throws -> LiveCluster {
        var options = options
        // Live dates count from the real time the cluster is built (live-mode.md, "Time").
        if options.realTime && options.settings.epoch == World.epochUnixSeconds {
            options.settings.epoch = wallClockSeconds()
        }
        if let refusal = tlsRefusal(options.settings, tls: options.tls) {
            throw LiveError(message: refusal, isUsage: true)
        }
        // The terminal UI's mirror replays the live store's answers rather than making a store.
        let journal = options.mirror ? StoreJournal() : nil
        let factory = journal?.recording(storeFactory) ?? storeFactory
        let world: World
        do { world = try World(settings: options.settings, storeFactory: factory) } catch {
            throw LiveError(message: error.message, isUsage: true)
        }
        let cluster = LiveCluster(options: options, world: world, warnings: warnings, observer: observer)
        journal?.loop = cluster.loop
        cluster.storeJournal = journal
        do {
            try cluster.loop.flatSubmit { cluster.bindAll() }.wait()
            cluster.loop.execute { cluster.scheduleSweep() }
        } catch {
            cluster.shutdown()
            throw error
        }
        return cluster
    }

    private init(
        options: Options, world: World, warnings: @escaping @Sendable (String) -> Void,
        observer: @escaping @Sendable (LiveStep) -> Void
    ) {
        self.options = options
        self.warnings = warnings
        self.world = world
        self.observer = observer
        self.host = options.host
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.loop = group.next()
        recording.isEnabled = options.recording || options.mirror
        recording.keepsMirror = options.mirror
        recording.start(options.settings)
    }

    /// The balancer's URL, `http://HOST:PORT` (`https://` with `--tls`).
    public var url: String { "\(options.tls == nil ? "http" : "https")://\(host):\(port)" }

    /// Why settings cannot run live without `--tls` (live-mode.md: a browser drops `Secure`
    /// cookies over plain http), or nil.
    public static func tlsRefusal(_ settings: ClusterSettings, tls: LiveTLS?) -> String? {
        guard tls == nil, settings.https || settings.secure else { return nil }
        let which = settings.https ? "https=on" : "secure=on"
        return "\(which) needs --tls CERT KEY in live mode: a browser drops Secure cookies over plain http"
    }

    /// The recording so far, as a scenario.
    public func recordingText() -> String { (try? loop.submit { self.recording.text }.wait()) ?? "" }

    /// What happened since the last call, as scenario lines for the terminal UI's timeline.
    public func takeMirrorLines() -> [String] { (try? loop.submit { self.recording.takeMirror() }.wait()) ?? [] }

    /// The outside clients so far (`client-K`, and `anonymous` once it has appeared), each
    /// with the User-Agent it last sent ("" when none).
    public func outsideClients() -> [String: String] {
        (try? loop.submit {
            var names = self.clients.outside
            if self.world.browser(named: "anonymous") != nil { names.insert("anonymous") }
            var result: [String: String] = [:]
            for name in names { result[name] = self.clients.details[name]?.userAgent ?? "" }
            return result
        }.wait()) ?? [:]
    }

    /// Reads something of the world as it is now, on the executor.
    public func read<Value: Sendable>(_ body: @escaping @Sendable (World) -> Value) -> Value? {
        try? loop.submit { body(self.world) }.wait()
    }

    private func bindAll() -> EventLoopFuture<Void> {
        guard options.engine == .builtin else { return startServers().flatMapThrowing { try self.startEngine() } }
        return balancerBootstrap().bind(host: options.host, port: options.port)
            .flatMapErrorThrowing { error in
                throw LiveError(
                    message: "cannot listen on \(self.options.host):\(self.options.port): \(error)", isUsage: true)
            }
            .flatMap { channel in
                self.balancerChannel = channel
                self.port = channel.localAddress?.port ?? self.options.port
                return self.startServers()
            }
    }

    /// Listeners for every server of the world, on fresh ports.
    func startServers() -> EventLoopFuture<Void> {
        servers = world.servers.map { ServerListener(number: $0.number) }
        let started = (1...servers.count).map { listen(server: $0, port: 0) }
        return EventLoopFuture.andAllSucceed(started, on: loop)
    }

    /// Server K listens (again) on `port`; if that port is taken, on another, and says so.
    func listen(server k: Int, port wanted: Int) -> EventLoopFuture<Void> {
        serverBootstrap(k).bind(host: "127.0.0.1", port: wanted)
            .flatMapError { error in
                guard wanted != 0 else { return self.loop.makeFailedFuture(error) }
                self.warn("server-\(k): port \(wanted) is taken by another process; listening on another port")
                return self.serverBootstrap(k).bind(host: "127.0.0.1", port: 0)
            }
            .map { channel in
                self.servers[k - 1].channel = channel
                self.servers[k - 1].port = channel.localAddress?.port ?? 0
                if wanted != 0, self.servers[k - 1].port != wanted, self.engineProcess != nil {
                    // The engine must learn the new port.
                    do { try self.startEngine() } catch { self.warn("\(error)") }
                }
                if self.options.announcesServers {
                    self.warn("server-\(k) at http://127.0.0.1:\(self.servers[k - 1].port)")
                }
            }
    }

    /// Server K stops listening and drops its connections (its port refuses connections).
    func silence(server k: Int) {
        servers[k - 1].channel?.close(promise: nil)
        servers[k - 1].channel = nil
        for connection in servers[k - 1].accepted.values { connection.close(promise: nil) }
        servers[k - 1].accepted = [:]
        for connection in servers[k - 1].idleUpstreams { connection.channel.close(promise: nil) }
        servers[k - 1].idleUpstreams = []
    }

    /// The real ports the servers listen on (0 while a server is down).
    public func serverPorts() -> [Int] {
        (try? loop.submit { self.servers.map { $0.channel == nil ? 0 : $0.port } }.wait()) ?? []
    }

    /// Stops every listener and connection, and the event loop. Safe to call twice.
    public func shutdown() {
        let done: EventLoopFuture<Void> = loop.submit {
            guard !self.isShutDown else { return }
            self.isShutDown = true
            self.sweepTask?.cancel()
            self.balancerChannel?.close(promise: nil)
            for k in self.servers.indices { self.silence(server: k + 1) }
        }
        _ = try? done.wait()
        engineProcess?.remove()
        try? group.syncShutdownGracefully()
    }

    /// The cluster's clock now: real time since it was built, in whole seconds (as `clock`
    /// reads it in live mode), plus every `advance`; only the `advance`s when real time does
    /// not count.
    func clockNow() -> Instant {
        guard options.realTime else { return world.clock }
        let elapsed = (NIODeadline.now() - builtAt).nanoseconds / 1_000_000_000 * 1000
        return Instant(milliseconds: elapsed + advanced.milliseconds)
    }

    /// Runs the world's clock on to now (sweeps and cookie expiries due on the way).
    func catchUp(into events: inout [Event], recordingTime: Bool = true) {
        let now = clockNow()
        let before = events.count
        world.runClock(to: now, into: &events)
        if events.count != before { observedHeaders = [:] }
        if options.realTime && recordingTime { recording.timePassed(to: world.clock) }
    }

    /// The real time now, in whole Unix seconds: a live cluster's `epoch` when it is built.
    public static func wallClockSeconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec)
    }

    func warn(_ text: String) {
        warnings("sessionscope live: " + text)
    }

    func nextExchangeID() -> Int {
        defer { nextExchange += 1 }
        return nextExchange
    }
}

/// One server's listener and the connections around it.
struct ServerListener {
    var number: Int
    var port = 0
    var channel: Channel?
    /// Connections the server accepted (closed when it is killed).
    var accepted: [ObjectIdentifier: Channel] = [:]
    /// The balancer's idle keep-alive connections to this server.
    var idleUpstreams: [UpstreamConnection] = []
}

/// A live cluster that cannot start or a statement it refuses; `isUsage` means exit 2.
public struct LiveError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var isUsage: Bool
    public var description: String { message }
}
