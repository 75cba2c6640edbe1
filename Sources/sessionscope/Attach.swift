import ArgumentParser
import Foundation
import SessionScopeAttach

extension AttachFormat: ExpressibleByArgument {}

/// `sessionscope attach URL`: the sessions in another application's Redis or SQLite store,
/// read-only, as a live pane or one headless snapshot (`attach.md`).
struct Attach: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the sessions in a real application's store (Redis or SQLite), read-only.",
        discussion: """
            Reads the session store of an application someone else wrote: Express (connect-redis), \
            Spring Session, Flask-Session, Django, PHP (phpredis), Rails. It only reads: against Redis it \
            sends only AUTH, HELLO, SELECT, PING, CLIENT SETNAME, SCAN, TYPE, GET, HGETALL, SMEMBERS, TTL, \
            PTTL, MEMORY USAGE, INFO and DBSIZE; SQLite is opened read-only. Rows are marked no-ttl, expired \
            (expired but still stored), undecodable or big (over 4 KiB).
            """)

    @Argument(
        help: "redis://[[USER]:PASSWORD@]HOST:PORT[/DB], or sqlite:PATH (or a path ending in .sqlite, .sqlite3, .db).")
    var url: String

    @Option(help: "The application's session format: \(AttachFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: AttachFormat = .auto

    @Option(help: "The key prefix, when the application changed its library's default.")
    var prefix: String?

    @Option(
        help: ArgumentHelp(
            "How often the terminal UI reads the store again, e.g. 1s, 500ms, 5s.", valueName: "duration"))
    var every: String = "1s"

    @Option(help: "The attribute that holds the user (a dotted path reaches into maps), for any format.")
    var userField: String?

    @Option(help: "Sessions listed at most (all are counted).")
    var limit: Int = 1000

    @Flag(help: "Print one snapshot as a table and exit.")
    var headless = false

    @Flag(help: "With --headless: one JSON object on one line.")
    var json = false

    @Flag(help: "No colours in the terminal UI (also NO_COLOR).")
    var noColor = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit: a number from 1, not \(limit)") }
        guard Self.milliseconds(every) != nil else {
            throw ValidationError("--every: '\(every)' is not a duration such as 1s, 500ms or 2m")
        }
        if let prefix, prefix.isEmpty { throw ValidationError("--prefix: empty") }
    }

    /// `500ms`, `1s`, `2m` → milliseconds (at least 100).
    static func milliseconds(_ text: String) -> Int? {
        let units: [(String, Int)] = [("ms", 1), ("s", 1000), ("m", 60_000)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            guard let n = Double(text.dropLast(unit.count)), n > 0 else { return nil }
            return max(100, Int(n * Double(factor)))
        }
        return nil
    }

    func run() throws {
        do {
            let target = try AttachTarget(parsing: url)
            let reader = try target.open(format: format, prefix: prefix, userField: userField)
            defer { reader.shutdown() }
            if headless || json {
                if let spring = reader as? RedisSessionReader { try spring.loadPrincipalIndex() }
                let now = Date()
                let snapshot = try AttachSnapshot.read(reader, url: target.description, limit: limit, now: now)
                print(json ? snapshot.json : snapshot.table(now: now), terminator: json ? "\n" : "")
            } else {
                try AttachTerminalUI.run(
                    reader: reader, url: target.description, limit: limit,
                    everyMilliseconds: Self.milliseconds(every) ?? 1000, noColor: noColor)
            }
        } catch let error as AttachError {
            printError("sessionscope attach: \(error.description)")
            throw ExitCode(2)
        }
    }
}
