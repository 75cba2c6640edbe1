import ArgumentParser
import Foundation
import SessionScopeCore
import SessionScopeLive
import SessionScopeScenario
import SessionScopeStores

/// `sessionscope live`: the cluster for real on this machine (live-mode.md).
struct Live: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the cluster for real: an HTTP balancer and app servers on this machine.",
        discussion: """
            The balancer listens at --listen; each server on a loopback port of its own. Real browsers, \
            curl and the built-in browsers of the scenario language take part. With --headless, the \
            first line is `listening on http://HOST:PORT`, then the transcript of every exchange; \
            statements are read from standard input, one a line.
            """)

    @OptionGroup var cluster: ClusterOptions
    @Option(help: "Where the balancer accepts requests, HOST:PORT (port 0 picks a free one).")
    var listen = "127.0.0.1:8080"
    @Option(help: "The balancer: builtin (sessionscope's own), nginx or haproxy (a real process in front).")
    var engine = "builtin"
    @Flag(help: "No terminal UI: the transcript on standard output, statements on standard input.")
    var headless = false
    @Flag(help: "Stop when standard input ends.")
    var exitOnEof = false
    @Option(help: "On exit, write the run as a scenario that `sessionscope check` replays.")
    var record: String?
    @Flag(help: "Print the engine's generated configuration and exit (nginx and haproxy only).")
    var printConfig = false
    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "Serve the balancer over HTTPS with a PEM certificate and key (needed for https=on and secure=on); "
                + "`--tls self-signed` makes a certificate for 127.0.0.1 and localhost with openssl.",
            valueName: "CERT KEY"))
    var tls: [String] = []
    @Option(help: "Narration language (en, ko, ...).")
    var lang = "en"

    func validate() throws {
        guard Self.parseListen(listen) != nil else {
            throw ValidationError("--listen: '\(listen)' is not HOST:PORT with an IPv4 host, e.g. 127.0.0.1:8080")
        }
        guard let engine = LiveEngine(rawValue: engine) else {
            throw ValidationError("--engine: builtin, nginx or haproxy, not '\(engine)'")
        }
        if let refusal = EngineConfig.refusal(engine: engine, balancer: cluster.settings.balancer) {
            throw ValidationError(refusal)
        }
        guard tls.count == 2 || tls.isEmpty || tls == ["self-signed"] else {
            throw ValidationError("--tls takes a certificate file and a key file (PEM): --tls cert.pem key.pem")
        }
        if tls.isEmpty, let refusal = LiveCluster.tlsRefusal(cluster.settings, tls: nil) {
            throw ValidationError(refusal)
        }
        if printConfig && engine == .builtin {
            throw ValidationError("--print-config: the builtin engine has no configuration to print")
        }
    }

    /// `--print-config`: the configuration the engine would get, with free ports for the
    /// servers (a run picks its own) and the listen port as given (`0`: a free one).
    static func printConfig(
        engine: LiveEngine, balancer: BalancerPolicy, host: String, port: Int, servers: Int, tls: Bool
    ) {
        let free = { EngineProcess.reserve(host: "127.0.0.1", port: 0) ?? 0 }
        var config = EngineConfig(
            engine: engine, balancer: balancer, host: host, port: port == 0 ? free() : port,
            serverPorts: (0..<servers).map { _ in free() }, directory: EngineProcess.directoryPath())
        config.tls = tls
        print(config.text, terminator: "")
    }

    /// `HOST:PORT` → its parts; the host must be an IPv4 address.
    static func parseListen(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port), IPv4(parsing: String(text[..<colon])) != nil
        else { return nil }
        return (String(text[..<colon]), port)
    }

    /// 1,024 client connections, the listeners and the stores need more than the usual
    /// soft limit of 1,024 open files.
    static func raiseOpenFileLimit() {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    func run() throws {
        guard let (host, port) = Self.parseListen(listen), let engine = LiveEngine(rawValue: engine) else {
            throw ExitCode(2)
        }
        if printConfig {
            let settings = cluster.settings
            return Self.printConfig(
                engine: engine, balancer: settings.balancer, host: host, port: port, servers: settings.servers,
                tls: !tls.isEmpty)
        }
        if !headless, isatty(STDIN_FILENO) != 1 || isatty(STDOUT_FILENO) != 1 {
            printError(
                "sessionscope live: standard input and output must be a terminal for the terminal UI; use --headless")
            throw ExitCode(2)
        }
        if !host.hasPrefix("127.") {
            printError(
                "sessionscope: warning: the balancer listens on \(host):\(port == 0 ? "a free port" : String(port)); "
                    + "other machines can now reach it")
        }
        Self.raiseOpenFileLimit()
        var options = LiveCluster.Options()
        options.host = host
        options.port = port
        options.engine = engine
        options.settings = cluster.settings
        do {
            if tls == ["self-signed"] {
                options.tls = try LiveTLS.selfSigned()
            } else if tls.count == 2 {
                options.tls = try LiveTLS.load(certificate: tls[0], key: tls[1])
            }
        } catch let error as LiveError {
            printError("sessionscope live: \(error.message)")
            throw ExitCode(error.isUsage ? 2 : 1)
        }
        options.fixedSeed = cluster.seed != nil
        options.recording = record != nil
        // The terminal UI replays the live run on a timeline of its own (its panes, keys, `w`).
        options.mirror = !headless
        options.announcesServers = headless
        if !options.fixedSeed { options.settings.seed = UInt64.random(in: 1...UInt64(Int64.max)) }
        // Dates count from the real time the cluster is built; the terminal UI's timeline too.
        options.settings.epoch = LiveCluster.wallClockSeconds()
        let stores = cluster.storeProvider()
        let output = LiveOutput(language: lang)
        let live: LiveCluster
        let headless = self.headless
        do {
            live = try LiveCluster.start(
                options: options, storeFactory: stores.make,
                warnings: { if headless { printError($0) } },
                observer: { step in if headless { output.show(step) } })
        } catch let error as LiveError {
            stores.shutdown()
            printError("sessionscope live: \(error.message)")
            throw ExitCode(2)
        }
        guard headless else {
            return try LiveTerminalUI.run(
                live: live, settings: options.settings, stores: stores, record: record, language: lang, output: output)
        }
        let session = LiveSession(live: live, stores: stores, record: record, output: output)
        // Before the first line: whoever read it may signal at once.
        session.stopOnSignals()
        output.line("listening on \(live.url)")
        printError("sessionscope live: seed \(options.settings.seed)")
        session.readStatements(from: FileHandle.standardInput)
        if exitOnEof { session.stop() }
        // Standard input ended: run until SIGINT or SIGTERM.
        while true { sleep(3600) }
    }
}

/// Prints transcript lines at once (standard output may be a pipe) and counts failed `expect`s.
final class LiveOutput: @unchecked Sendable {
    /// The narration language (`--lang`).
    let language: String
    private let lock = NSLock()

    init(language: String) { self.language = language }
    private var failed = 0

    func line(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        // Standard output may be a pipe whose reader left (`| head -2`): the cluster runs on.
        try? FileHandle.standardOutput.write(contentsOf: Data((Self.printable(text) + "\n").utf8))
    }

    /// The text with control characters shown as `\u{1B}`: what clients send (a form, a
    /// header) reaches the transcript, and an escape sequence from the network must not
    /// clear or recolour the instructor's terminal. Newlines and tabs stay when
    /// `keepingLayout` (text of our own), and are shown too for a transcript line.
    static func printable(_ text: String, keepingLayout: Bool = true) -> String {
        let isControl = { (scalar: Unicode.Scalar) in
            Self.isControl(scalar) || !keepingLayout && (scalar == "\n" || scalar == "\t")
        }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var shown = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                shown += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    /// C0 and C1 controls but line breaks and tabs, and the bidirectional overrides and
    /// isolates (which reorder what follows them on the line).
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
            || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    func show(_ step: LiveStep) {
        if let check = step.check, !check.passed {
            lock.lock()
            failed += 1
            lock.unlock()
        }
        // Each line on its own: a line break or tab in what a client sent is shown, not obeyed
        // (it would forge a transcript line).
        let lines = step.transcriptLines(language: language).map { Self.printable($0, keepingLayout: false) }
        if !lines.isEmpty { line(lines.joined(separator: "\n")) }
    }

    var anyFailed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return failed > 0
    }
}

/// A running `live`: statements in, and the way out (recording, listeners, stores).
final class LiveSession: @unchecked Sendable {
    let live: LiveCluster
    let stores: StoreProvider
    let record: String?
    let output: LiveOutput
    private let stopping = NSLock()
    private var stopped = false
    /// Runs first on the way out (the terminal UI gives the terminal back).
    var beforeStop: (() -> Void)?

    init(live: LiveCluster, stores: StoreProvider, record: String?, output: LiveOutput) {
        self.live = live
        self.stores = stores
        self.record = record
        self.output = output
    }

    /// SIGINT and SIGTERM stop the cluster cleanly and exit 0 (1 if an `expect` failed).
    func stopOnSignals() {
        ChildProcesses.handleQuit { [self] _ in stop() }
    }

    /// Reads statements, one a line, until the input ends.
    func readStatements(from input: FileHandle) {
        var number = 0
        while let text = readLine(strippingNewline: true) {
            number += 1
            let lexer = Lexer(file: "<stdin>")
            do {
                let (tokens, stripped) = try lexer.tokenize(text, line: number)
                guard !tokens.isEmpty else { continue }
                var parser = Parser(file: "<stdin>", shape: live.shape())
                let statement = try parser.statement(tokens, text: stripped)
                _ = try live.run(statement, line: number)
            } catch let error as Diagnostic {
                printError(error.description)
            } catch {
                printError("<stdin>:\(number): error: \(error)")
            }
        }
    }

    /// Writes the recording, stops every listener and store, and exits.
    func stop() -> Never {
        stopping.lock()
        if stopped {
            stopping.unlock()
            while true { sleep(3600) }
        }
        stopped = true
        stopping.unlock()
        beforeStop?()
        if let record {
            do { try Data(live.recordingText().utf8).write(to: URL(fileURLWithPath: record)) } catch {
                printError("sessionscope: cannot write \(record): \(error.localizedDescription)")
            }
        }
        live.shutdown()
        stores.shutdown()
        exit(output.anyFailed ? 1 : 0)
    }
}
