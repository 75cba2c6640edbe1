import Foundation
import GRDB
import SessionScopeStores

/// Sessions in an SQLite file: Django's `django_session` table, or sessionscope's own
/// `sessionscope_sessions` table. Opened read-only (`SQLITE_OPEN_READONLY`): a missing file is not created
/// and nothing is written, not even a journal. Pages go by key (`WHERE key > ? ORDER BY key`).
public final class SQLiteSessionReader: SessionReader {
    let path: String
    let database: DatabaseQueue
    public let format: AttachFormat
    let userFields: [String]
    let pageSize: Int

    public init(path: String, format: AttachFormat, userField: String? = nil, pageSize: Int = 1000) throws {
        self.path = path
        self.pageSize = pageSize
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AttachError("sqlite \(path): no such file")
        }
        guard !isDirectory.boolValue else { throw AttachError("sqlite \(path): a directory, not a database") }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "sessionscope-attach"
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            let tables = try database.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            let resolved: AttachFormat
            switch format {
            case .auto:
                if tables.contains("django_session") {
                    resolved = .django
                } else if tables.contains(SQLiteStore.table) {
                    resolved = .sessionscope
                } else {
                    throw AttachError(
                        "sqlite \(path): no session table (django_session, \(SQLiteStore.table)) among "
                            + (tables.isEmpty ? "no tables" : tables.sorted().joined(separator: ", "))
                            + "; attach reads Django's and sessionscope's")
                }
            case .django, .sessionscope:
                resolved = format
                let table = format == .django ? "django_session" : SQLiteStore.table
                guard tables.contains(table) else {
                    throw AttachError(
                        "sqlite \(path): no table \(table) for --format \(format.rawValue)"
                            + (tables.isEmpty ? "" : " (tables: \(tables.sorted().joined(separator: ", ")))"))
                }
            case .connectRedis, .springSession, .flaskSession, .phpRedis, .rails:
                throw AttachError("sqlite \(path): --format \(format.rawValue) keeps its sessions in Redis, not SQLite")
            }
            self.format = resolved
        } catch let error as AttachError {
            throw error
        } catch let error as DatabaseError {
            throw AttachError("sqlite \(path): \(Self.explain(error))")
        }
        userFields = (userField.map { [$0] } ?? []) + self.format.userFields
    }

    private static func explain(_ error: DatabaseError) -> String {
        switch error.resultCode {
        case .SQLITE_NOTADB: return "not an SQLite database"
        case .SQLITE_CANTOPEN: return "cannot open it (\(error.message ?? "permission?"))"
        default: return error.message ?? "\(error)"
        }
    }

    public var label: String { "sqlite \(path) · \(format.rawValue)" }

    public func estimatedTotal() throws -> Int? {
        try guarded {
            try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(self.table)") }
        }
    }

    private var table: String { format == .django ? "django_session" : SQLiteStore.table }

    private func guarded<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError {
            throw AttachError("sqlite \(path): \(Self.explain(error))")
        }
    }

    public func page(after cursor: String?, now: Date) throws -> SessionPage {
        let details = try fetch(after: cursor, key: nil, now: now)
        let next = details.count == pageSize ? details.last.map { Self.cursorKey($0.row) } : nil
        return SessionPage(rows: details.map(\.row), next: next, scanned: details.count)
    }

    /// The table's own key of a row: Django's `session_key`; sessionscope's `run`/`id`.
    private static func cursorKey(_ row: SessionRow) -> String {
        row.key.split(separator: "/", maxSplits: 1).last.map(String.init) ?? row.key
    }

    public func read(key: String, now: Date) throws -> SessionDetail? {
        try fetch(after: nil, key: Self.cursorKey(SessionRow(id: key, key: key)), now: now).first
    }

    private func fetch(after cursor: String?, key: String?, now: Date) throws -> [SessionDetail] {
        try guarded {
            try database.read { db in
                switch self.format {
                case .django: return try self.django(db, after: cursor, key: key, now: now)
                case .auto, .sessionscope, .connectRedis, .springSession, .flaskSession, .phpRedis, .rails:
                    return try self.sessionscope(db, after: cursor, key: key, now: now)
                }
            }
        }
    }

    private func django(_ db: Database, after cursor: String?, key: String?, now: Date) throws -> [SessionDetail] {
        let rows: [Row]
        if let key {
            rows = try Row.fetchAll(
                db, sql: "SELECT session_key, session_data, expire_date FROM django_session WHERE session_key = ?",
                arguments: [key])
        } else {
            rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT session_key, session_data, expire_date FROM django_session
                    WHERE session_key > ? ORDER BY session_key LIMIT ?
                    """, arguments: [cursor ?? "", pageSize])
        }
        return rows.map { row in
            let id: String = row["session_key"] ?? ""
            let data: String = row["session_data"] ?? ""
            let expires = (row["expire_date"] as String?).flatMap(Self.djangoDate)
            let raw = RawSession.string(Array(data.utf8))
            let (sessionRow, decoded) = RowBuilder.row(
                id: id, key: "django_session/\(id)", raw: raw, format: .django, userFields: userFields,
                ttlMilliseconds: nil, expires: expires, now: now)
            return SessionDetail(row: sessionRow, decoded: decoded, raw: raw)
        }
    }

    private func sessionscope(_ db: Database, after cursor: String?, key: String?, now: Date) throws
        -> [SessionDetail]
    {
        let columns = "run, id, user, created_ms, last_access_ms, client_ip"
        let rows: [Row]
        if let key {
            rows = try Row.fetchAll(
                db, sql: "SELECT \(columns) FROM \(self.table) WHERE run || ':' || id = ?", arguments: [key])
        } else {
            rows = try Row.fetchAll(
                db,
                sql: "SELECT \(columns) FROM \(table) WHERE run || ':' || id > ? ORDER BY run || ':' || id LIMIT ?",
                arguments: [cursor ?? "", pageSize])
        }
        return rows.map { row in
            let run: String = row["run"] ?? ""
            let id: String = row["id"] ?? ""
            let fields: [(String, String)] = [
                ("user", row["user"] ?? ""), ("created", String(row["created_ms"] as Int64? ?? 0)),
                ("last", String(row["last_access_ms"] as Int64? ?? 0)), ("ip", row["client_ip"] ?? ""),
            ]
            let raw = RawSession.hash(fields.map { (Array($0.0.utf8), Array($0.1.utf8)) })
            let (sessionRow, decoded) = RowBuilder.row(
                id: id, key: "\(SQLiteStore.table)/\(run):\(id)", raw: raw, format: .sessionscope,
                userFields: userFields,
                ttlMilliseconds: nil, now: now)
            return SessionDetail(row: sessionRow, decoded: decoded, raw: raw)
        }
    }

    /// Django's `expire_date` in SQLite: `2026-11-29 22:30:00.123456` (UTC with `USE_TZ`).
    static func djangoDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in ["yyyy-MM-dd HH:mm:ss.SSSSSS", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.SSSSSS"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: String(text.prefix(26))) { return date }
        }
        return nil
    }

    public func shutdown() { try? database.close() }
}
