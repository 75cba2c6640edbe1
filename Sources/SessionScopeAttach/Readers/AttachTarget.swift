import SessionScopeStores

/// What `attach URL` names: a Redis server or an SQLite file.
public enum AttachTarget: Equatable, Sendable {
    case redis(RedisURL)
    case sqlite(path: String)

    /// `redis://...`, `sqlite:PATH`, or a path ending in `.sqlite`, `.sqlite3` or `.db`.
    public init(parsing text: String) throws {
        if text.hasPrefix("redis://") {
            do { self = .redis(try RedisURL(parsing: text)) } catch { throw AttachError(error.description) }
        } else if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            // sqlite:///abs/path, as some tools write it.
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw AttachError("'\(text)': sqlite: needs a path, e.g. sqlite:db.sqlite3") }
            self = .sqlite(path: path)
        } else if [".sqlite", ".sqlite3", ".db"].contains(where: { text.hasSuffix($0) }) {
            self = .sqlite(path: text)
        } else {
            throw AttachError(
                "'\(RedisURL.masked(text))' is neither redis://[[USER]:PASSWORD@]HOST:PORT[/DB] nor sqlite:PATH")
        }
    }

    /// The target as shown (password masked).
    public var description: String {
        switch self {
        case .redis(let url): return url.description
        case .sqlite(let path): return "sqlite:\(path)"
        }
    }

    /// Opens a reader: connects, detects the format when it is `.auto`, checks it matches.
    public func open(format: AttachFormat, prefix: String?, userField: String?) throws -> any SessionReader {
        switch self {
        case .redis(let url):
            return try RedisSessionReader(url: url, format: format, prefix: prefix, userField: userField)
        case .sqlite(let path):
            return try SQLiteSessionReader(path: path, format: format, userField: userField)
        }
    }
}
