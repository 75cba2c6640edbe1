import Foundation
import GRDB
import SessionScopeCore

/// Sessions in a real SQLite database file through GRDB, shared by every app server.
///
/// One row per session with an index on expiry, read and written on every request as a real
/// session store does; a sweep deletes the due rows through the index. Rows carry the run's
/// id, so two runs sharing one file keep apart.
public final class SQLiteStore: SharedSessionStore {
    public let rules: ExpiryRules
    private var closed = false
    /// The durability choice: the disk-versus-memory cost the material talks about.
    public enum Durability: String, CaseIterable, Sendable {
        /// `journal_mode=DELETE`, `synchronous=FULL`: every commit waits for the disk.
        case durable
        /// `journal_mode=WAL`, `synchronous=NORMAL`: far fewer waits for the disk.
        case wal
    }

    public let path: String
    public let durability: Durability
    let runID: String
    private var database: DatabaseQueue
    private let configuration: Configuration
    /// The file's identity when opened: a deleted or replaced file is noticed.
    private var fileIdentity: (device: UInt64, inode: UInt64)?
    private let ownsFile: Bool
    private var timings: [StoreTimingRecord] = []

    /// Opens (or creates) the file; with no path, a new temporary file removed on close.
    public init(
        path: String?, durability: Durability = .durable, runID: String, rules: ExpiryRules,
        readOnly: Bool = false, busyTimeout: TimeInterval = 0.5
    ) throws {
        self.rules = rules
        ownsFile = path == nil
        self.path =
            path
            ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("sessionscope-\(runID).sqlite").path
        self.durability = durability
        self.runID = runID
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "sessionscope"
        configuration.prepareDatabase { db in
            if !readOnly {
                switch durability {
                case .durable:
                    try db.execute(sql: "PRAGMA journal_mode=DELETE")
                    try db.execute(sql: "PRAGMA synchronous=FULL")
                case .wal:
                    try db.execute(sql: "PRAGMA journal_mode=WAL")
                    try db.execute(sql: "PRAGMA synchronous=NORMAL")
                }
            }
        }
        self.configuration = configuration
        do {
            database = try DatabaseQueue(path: self.path, configuration: configuration)
            try Self.createSchema(database, readOnly: readOnly)
            fileIdentity = Self.identity(self.path)
        } catch {
            throw StoreError(operation: "open \(self.path)", cause: Self.describe(error))
        }
    }

    /// sessionscope's table. Prefixed so that it cannot clash with an application's own
    /// `sessions` table when `--db` names the application's database.
    public static let table = "sessionscope_sessions"
    static let expiryIndex = "sessionscope_sessions_by_expiry"
    /// The columns of the table sessionscope creates, in order: a table of that name with
    /// other columns was not made by sessionscope, and it never writes into it.
    static let tableColumns = [
        "run", "id", "user", "created_ms", "last_access_ms", "client_ip", "expires_ms", "cart", "theme",
    ]
    /// The columns before 1.1 added the session's data; such a table gets the two new ones.
    static let tableColumnsBefore11 = Array(tableColumns.prefix(7))

    private static func createSchema(_ database: DatabaseQueue, readOnly: Bool) throws {
        guard !readOnly else { return }
        try database.write { db in
            var existing = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
            if existing == tableColumnsBefore11 {
                // A file from before 1.1: the data columns are added (nullable, so old rows stay valid).
                try db.execute(
                    sql: "ALTER TABLE \(table) ADD COLUMN cart TEXT; ALTER TABLE \(table) ADD COLUMN theme TEXT")
                existing = tableColumns
            }
            if !existing.isEmpty && existing != tableColumns {
                throw StoreError(
                    operation: "open",
                    cause: "the table \(table) in this file was not made by sessionscope (its columns are "
                        + "\(existing.joined(separator: ", "))); sessionscope never writes into a table it did not "
                        + "create: name another file with --db")
            }
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS \(table) (
                        run TEXT NOT NULL,
                        id TEXT NOT NULL,
                        user TEXT,
                        created_ms INTEGER NOT NULL,
                        last_access_ms INTEGER NOT NULL,
                        client_ip TEXT NOT NULL,
                        expires_ms INTEGER NOT NULL,
                        cart TEXT,
                        theme TEXT,
                        PRIMARY KEY (run, id)
                    ) WITHOUT ROWID;
                    CREATE INDEX IF NOT EXISTS \(expiryIndex) ON \(table) (run, expires_ms);
                    """)
        }
    }

    private static func identity(_ path: String) -> (device: UInt64, inode: UInt64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }

    /// SQLite keeps writing to a deleted file's open inode, silently. Before each operation
    /// the file is checked; if it was deleted or replaced, this operation fails with that
    /// cause and a new, empty database is opened at the path, so the world recovers.
    private func checkFile(_ operation: String) throws {
        guard let opened = fileIdentity else { return }
        let now = Self.identity(path)
        guard now == nil || now! != opened else { return }
        let what = now == nil ? "was deleted" : "was replaced"
        do {
            try database.close()
            database = try DatabaseQueue(path: path, configuration: configuration)
            try Self.createSchema(database, readOnly: configuration.readonly)
            fileIdentity = Self.identity(path)
        } catch {
            fileIdentity = nil
            throw StoreError(
                operation: operation,
                cause: "the database file \(path) \(what) and cannot be created again: \(Self.describe(error))")
        }
        throw StoreError(operation: operation, cause: "the database file \(path) \(what); a new empty one was created")
    }

    /// Names the file and the table, so a user who pointed `--db` at an application's
    /// database sees exactly what sessionscope uses in it.
    public var label: String { "sqlite \(path) (table \(Self.table))" }

    static func describe(_ error: any Error) -> String {
        if let error = error as? StoreError { return error.cause }
        if let error = error as? DatabaseError { return error.message ?? error.description }
        return String(describing: error)
    }

    private func run<T>(_ name: StaticString, _ body: () throws -> T) throws -> T {
        let operation = String(describing: name).replacingOccurrences(of: "sqlite ", with: "")
        try checkFile(operation)
        do {
            return try StoreClock.measure(name, into: &timings, body)
        } catch {
            throw StoreError(operation: operation, cause: Self.describe(error))
        }
    }

    private static let columns = "id, user, created_ms, last_access_ms, client_ip, cart, theme"

    private static func record(_ row: Row) -> SessionRecord? {
        guard let id = SessionID(hex: row["id"] as String) else { return nil }
        return SessionRecord(
            id: id, user: row["user"], created: Instant(milliseconds: row["created_ms"]),
            lastAccess: Instant(milliseconds: row["last_access_ms"]),
            clientIP: IPv4(parsing: row["client_ip"]) ?? IPv4(0),
            data: SessionData(cart: decodeCart(row["cart"]), theme: row["theme"]))
    }

    /// A cart as one column: its items separated by the unit separator (U+001F); NULL when empty.
    static func encodeCart(_ items: [String]) -> String? {
        items.isEmpty ? nil : items.joined(separator: "\u{1F}")
    }

    static func decodeCart(_ column: String?) -> [String] {
        guard let column else { return [] }
        return column.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
    }

    public func load(_ id: SessionID) throws -> SessionRecord? {
        try run("sqlite SELECT") {
            try database.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT \(Self.columns) FROM \(Self.table) WHERE run = ? AND id = ?",
                    arguments: [runID, id.description]
                ).flatMap(Self.record)
            }
        }
    }

    public func save(_ record: SessionRecord, expiresAt: Instant, now: Instant) throws {
        // Most saves touch an existing row; a new session is an INSERT. One transaction either way.
        var inserted = false
        try checkFile("UPDATE")
        let start = StoreClock.now()
        do {
            try database.write { db in
                try db.execute(
                    sql: """
                        UPDATE \(Self.table) SET user = ?, last_access_ms = ?, expires_ms = ?, cart = ?, theme = ?
                        WHERE run = ? AND id = ?
                        """,
                    arguments: [
                        record.user, record.lastAccess.milliseconds, expiresAt.milliseconds,
                        Self.encodeCart(record.data.cart), record.data.theme, runID, record.id.description,
                    ])
                if db.changesCount == 0 {
                    inserted = true
                    try db.execute(
                        sql: """
                            INSERT INTO \(Self.table)
                                (run, id, user, created_ms, last_access_ms, client_ip, expires_ms, cart, theme)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            runID, record.id.description, record.user, record.created.milliseconds,
                            record.lastAccess.milliseconds, record.clientIP.description, expiresAt.milliseconds,
                            Self.encodeCart(record.data.cart), record.data.theme,
                        ])
                }
            }
        } catch {
            // Not timed: a latency beside a failure would read as if it had succeeded.
            throw StoreError(operation: "UPDATE", cause: Self.describe(error))
        }
        timings.append(
            StoreTimingRecord(name: inserted ? "sqlite INSERT" : "sqlite UPDATE", nanoseconds: StoreClock.now() - start)
        )
    }

    /// `save=delta`: one UPDATE of only the changed columns and the access time; a row that
    /// is gone stays gone (no INSERT).
    public func saveChanges(_ record: SessionRecord, _ attributes: SessionAttributes, expiresAt: Instant, now: Instant)
        throws -> Bool
    {
        var assignments = ["last_access_ms = ?", "expires_ms = ?"]
        var arguments: StatementArguments = [record.lastAccess.milliseconds, expiresAt.milliseconds]
        if attributes.contains(.user) {
            assignments.append("user = ?")
            arguments += [record.user]
        }
        if attributes.contains(.cart) {
            assignments.append("cart = ?")
            arguments += [Self.encodeCart(record.data.cart)]
        }
        if attributes.contains(.theme) {
            assignments.append("theme = ?")
            arguments += [record.data.theme]
        }
        arguments += [runID, record.id.description]
        let sql = "UPDATE \(Self.table) SET \(assignments.joined(separator: ", ")) WHERE run = ? AND id = ?"
        return try run("sqlite UPDATE") {
            try database.write { db in
                try db.execute(sql: sql, arguments: arguments)
                return db.changesCount == 1
            }
        }
    }

    public func delete(_ id: SessionID) throws {
        try run("sqlite DELETE") {
            try database.write { db in
                try db.execute(
                    sql: "DELETE FROM \(Self.table) WHERE run = ? AND id = ?", arguments: [runID, id.description])
            }
        }
    }

    public func removeExpired(now: Instant) throws -> [(
        SessionRecord, ExpiryReason
    )] {
        try run("sqlite DELETE") {
            try database.write { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(Self.columns) FROM \(Self.table) WHERE run = ? AND expires_ms <= ? ORDER BY id
                        """, arguments: [runID, now.milliseconds])
                guard !rows.isEmpty else { return [] }
                try db.execute(
                    sql: "DELETE FROM \(Self.table) WHERE run = ? AND expires_ms <= ?",
                    arguments: [runID, now.milliseconds])
                return rows.compactMap(Self.record).compactMap { record in
                    if case .expired(let reason) = record.validity(at: now, rules) {
                        return (record, reason)
                    }
                    return nil
                }
            }
        }
    }

    /// The file was opened and its table made or checked when the store was made.
    public func checkReachable() throws {
        defer { timings.removeAll() }
        _ = try count()
    }

    public func count() throws -> Int {
        try run("sqlite COUNT") {
            try database.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(Self.table) WHERE run = ?", arguments: [runID]) ?? 0
            }
        }
    }

    public func list(limit: Int) throws -> [SessionRecord] {
        try run("sqlite SELECT") {
            try database.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT \(Self.columns) FROM \(Self.table) WHERE run = ? ORDER BY expires_ms, id LIMIT ?",
                    arguments: [runID, limit]
                ).compactMap(Self.record)
            }
        }
    }

    public func removeAll() throws {
        try run("sqlite DELETE") {
            try database.write { db in
                try db.execute(sql: "DELETE FROM \(Self.table) WHERE run = ?", arguments: [runID])
            }
        }
    }

    public func takeTimings() -> [StoreTiming] {
        defer { timings.removeAll(keepingCapacity: true) }
        return timings.map {
            StoreTiming(operation: String(describing: $0.name), microseconds: Double($0.nanoseconds) / 1000)
        }
    }

    /// Ends the run: its rows are deleted; a temporary file is removed.
    /// `store restart` (1.1): restarts so far.
    public private(set) var restarts = 0

    /// `store restart`: the database is closed (every connection to the file ends) and the
    /// file opened again, as a restarted application would. Every session is still there: it
    /// is on disk, committed.
    public func restart() throws -> String {
        do {
            try database.close()
            database = try DatabaseQueue(path: path, configuration: configuration)
            try Self.createSchema(database, readOnly: configuration.readonly)
            fileIdentity = Self.identity(path)
        } catch {
            throw StoreError(operation: "restart", cause: "reopen \(path): \(Self.describe(error))")
        }
        restarts += 1
        return "the SQLite file was closed and opened again (the sessions are on disk)"
    }

    public func close() {
        guard !closed else { return }
        closed = true
        try? removeAll()
        try? database.close()
        if ownsFile {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                try? FileManager.default.removeItem(atPath: path + suffix)
            }
        }
    }
}
