import SessionScopeCore
import SessionScopeScenario

/// Everything the terminal UI shows and remembers between key presses. The world lives in
/// the timeline; the rest is how the user is looking at it.
public struct AppModel {
    public var timeline: Timeline
    /// Tracks names for parsing `:` lines and key triggers at the current position.
    var parser: Parser
    /// How many statements `parser` has seen; it catches up forward one statement at a time
    /// and starts over only when the timeline goes back.
    var parsedThrough = 0
    public var mode: Mode = .normal
    /// The selected browser, by index into the world's browsers.
    public var selectedBrowser = 0
    /// The selected server, 1-based.
    public var selectedServer = 1
    /// A message for the status line; `isError` shows it as an error.
    public var message: (text: String, isError: Bool)?
    /// Lines scrolled up from the newest in the trace.
    public var traceScroll = 0
    public var clockRunning = false
    public var speedIndex = 3
    public var playing = false
    /// Whether this is a replay of a file (the key bar and header say so).
    public let isReplay: Bool
    public var language: String
    public var colors: Bool
    public var shouldQuit = false
    /// Measured latency varies run to run; golden screens turn it off.
    public var showLatency = true
    /// The shared store's rows, read from the real store after every change (never per frame).
    public var storeRows: [SessionRecord] = []
    public var storeCount: Int?
    /// 1.1: sessions the real store reported evicting since the cluster was built (read with the rows).
    public var storeEvicted: Int?
    /// Why the real store could not be read at the last refresh (a killed redis-server, a
    /// locked file): the store pane shows it as down with this cause.
    public var storeFailure: String?
    /// 1.1, store=redis with replicas: each node's role and replication offset, read from
    /// the processes (`INFO replication`) after every change.
    public var storeNodes: [StoreNode] = []
    /// The store's `used_memory` (1.1, `maxmemory`), read after every change through
    /// `readUsedMemory`, which the command sets (the UI does not know the store types).
    public var storeUsedMemory: Int?
    /// Reads a real store's used memory (a Redis `INFO memory`), or nil.
    public var readUsedMemory: ((any SessionStore) -> Int?)?
    /// Set by the record action; the app writes it and reports back.
    public var pendingWrite: (path: String, text: String)?
    /// A typed `crowd` statement, run by the app after it has drawn a frame saying so: a
    /// crowd of a million takes seconds, and the screen should say why it is still.
    public var pendingCommand: String?
    /// A move along the timeline that runs a statement taking real seconds (`store
    /// failover`), made by the app after it has drawn a frame saying so.
    public var pendingSeek: Int?
    /// In live mode, the live cluster; the timeline then mirrors it (`LiveLink.swift`).
    public var live: LiveLink?
    /// Live mode's outside clients and their User-Agents, marked as observed in the
    /// browsers pane.
    public var observedClients: [String: String] = [:]
    /// Shows long work while it runs (set by the app; tests may set their own).
    public var progressReporter: ProgressReporter?
    /// Scroll offsets, a branch, the filter, questions and the detail view (Presentation.swift).
    public var ui = Presentation()

    /// Virtual time per real second while the clock runs.
    /// Small steps between 1 m/s and 30 m/s, so the clock never jumps fivefold in one press.
    public static let speeds: [TimeSpan] = [
        .seconds(1), .seconds(10), .seconds(30), .minutes(1), .minutes(2), .minutes(5), .minutes(10), .minutes(30),
    ]
    /// Real milliseconds between replay steps while playing, by speed.
    public static let playIntervals = [2000, 1500, 1000, 700, 500, 300, 200, 100]

    public enum Mode: Equatable {
        case normal
        case help
        case input(InputLine)
    }

    /// A line being typed at the bottom of the screen.
    public struct InputLine: Equatable {
        public enum Purpose: Equatable {
            case command
            case loginUser(browser: String)
            case loginPassword(browser: String, user: String)
            case stealFrom(thief: String)
            case stealVia(thief: String, victim: String)
            case tamper(browser: String)
            case together
            case recordPath
        }
        public var purpose: Purpose
        public var prompt: String
        public var text: String
        public var placeholder: String
    }

    public init(timeline: Timeline, isReplay: Bool, language: String = "en", colors: Bool = true) {
        self.timeline = timeline
        self.isReplay = isReplay
        self.language = language
        self.colors = colors
        self.parser = Self.parser(for: timeline)
        refreshAfterChange()
    }

    public var world: World { timeline.world }

    /// A parser for `:` lines at the start of the timeline: it knows the cluster the timeline
    /// starts with (the command line's `--servers`, or the scenario's own first `cluster`).
    static func parser(for timeline: Timeline) -> Parser {
        var shape = WorldShape(servers: timeline.initialSettings.servers)
        shape.store = timeline.initialSettings.store
        shape.replicas = timeline.initialSettings.replicas
        return Parser(file: "command", shape: shape, overrides: timeline.overrides)
    }

    /// The browser the keys act on.
    public var browser: Browser? {
        world.browsers.indices.contains(selectedBrowser) ? world.browsers[selectedBrowser] : nil
    }

    /// The session id in the selected browser's jar (or its token), highlighted everywhere.
    public var selectedSession: SessionID? {
        guard let browser else { return nil }
        let name = world.settings.cookieName
        return browser.jar.cookies.first { $0.name == name }.flatMap { SessionID(hex: $0.value) }
    }

    /// Reads the store's nodes again while a replica reports its link down without a stall:
    /// after a failover Sentinel points the remaining replicas at the new primary a moment
    /// later, and the pane should not keep saying `link down` until the next step. The app
    /// calls this while idle (a few `INFO replication` round trips); true when it read them.
    @discardableResult
    public mutating func rereadSettlingStoreNodes() -> Bool {
        guard storeNodes.contains(where: { $0.role == .replica && $0.linkUp == false && !$0.stalled }),
            let store = world.primaryReplicaStore
        else { return false }
        storeNodes = store.replicationNodes()
        return true
    }

    /// Rebuilds what follows from the world: the parser's names, selections in range, the
    /// store pane's rows (read from the real store).
    mutating func refreshAfterChange() {
        if timeline.position < parsedThrough {
            parser = Self.parser(for: timeline)
            parsedThrough = 0
        }
        let lexer = Lexer(file: "command")
        for statement in timeline.statements[parsedThrough..<timeline.position] {
            if let (tokens, text) = try? lexer.tokenize(statement.text, line: statement.location.line), !tokens.isEmpty
            {
                _ = try? parser.statement(tokens, text: text)
            }
        }
        parsedThrough = timeline.position
        selectedBrowser = min(max(0, selectedBrowser), max(0, world.browsers.count - 1))
        selectedServer = min(max(1, selectedServer), world.servers.count)
        if let step = ui.traceSelection, step >= timeline.position { ui.traceSelection = nil }
        storeRows = []
        storeCount = nil
        storeEvicted = nil
        storeFailure = nil
        storeNodes = world.primaryReplicaStore?.replicationNodes() ?? []
        storeUsedMemory = world.settings.maxMemory != nil ? readUsedMemory?(world.store) : nil
        if world.store.isShared {
            // Read from the real store, so a store that died outside the run shows as down.
            do {
                storeRows = try world.store.list(limit: 200)
                storeCount = try world.store.count()
                storeEvicted = world.storeEvictedCount()
            } catch {
                storeFailure = (error as? StoreError)?.cause ?? String(describing: error)
            }
            _ = world.store.drainTimings()
        }
    }
}
