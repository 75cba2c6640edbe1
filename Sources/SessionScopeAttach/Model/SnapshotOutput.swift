import Foundation
import SessionScopeScenario

/// The headless outputs: the contract's JSON object on one line, and a table for people.
extension AttachSnapshot {
    /// `{"url": ..., "format": ..., "count": ..., "bytes": ..., "anomalies": {...}, "sessions": [...]}`.
    public var json: String {
        JSON.object([
            ("url", .string(url)), ("format", .string(format.rawValue)), ("count", .int(Int64(count))),
            ("bytes", .int(Int64(bytes))),
            ("anomalies", .object(Anomaly.allCases.map { ($0.rawValue, .int(Int64(anomalies[$0] ?? 0))) })),
            ("sessions", .array(rows.map(Self.json))),
        ]).serialized
    }

    static func json(_ row: SessionRow) -> JSON {
        func optional(_ text: String?) -> JSON { text.map(JSON.string) ?? .null }
        func date(_ date: Date?) -> JSON { optional(date.map(ISODates.string)) }
        return .object([
            ("id", .string(row.id)), ("key", .string(row.key)), ("user", optional(row.user)),
            ("created", date(row.created)), ("last_access", date(row.lastAccess)), ("expires", date(row.expires)),
            ("ttl_s", row.ttlSeconds.map(JSON.int) ?? .null), ("bytes", .int(Int64(row.bytes))),
            ("attributes", .array(row.attributes.map(JSON.string))),
            ("anomalies", .array(row.anomalies.map { .string($0.rawValue) })), ("note", optional(row.note)),
        ])
    }

    /// The header line: `redis://127.0.0.1:6379/0 · flask-session · 3 sessions · 1.2 KiB · no TTL 1`.
    public var summary: String {
        var parts = [url, format.rawValue, "\(count) session\(count == 1 ? "" : "s")", Self.size(bytes)]
        let odd = Anomaly.allCases.compactMap { anomaly -> String? in
            guard let n = anomalies[anomaly], n > 0 else { return nil }
            return "\(anomaly.mark) \(n)"
        }
        parts.append(odd.isEmpty ? "no anomalies" : odd.joined(separator: ", "))
        return parts.joined(separator: " · ")
    }

    /// The table `--headless` prints: a header line, then a row per listed session.
    public func table(now: Date) -> String {
        var lines = [summary]
        let header = ["ID", "USER", "CREATED", "IDLE", "TTL", "BYTES", "MARKS", "ATTRIBUTES"]
        var cells = [header]
        for row in rows {
            cells.append([
                Self.shorten(row.id, 24), row.user ?? "?", row.created.map(ISODates.string) ?? "-",
                row.lastAccess.map { Self.duration(now.timeIntervalSince($0)) } ?? "-",
                row.ttlSeconds.map { Self.duration(Double($0)) } ?? (row.anomalies.contains(.noTTL) ? "none" : "-"),
                String(row.bytes), row.anomalies.map(\.mark).joined(separator: ","),
                row.attributes.joined(separator: ",") + (row.note.map { "  (\($0))" } ?? ""),
            ])
        }
        let widths = (0..<header.count - 1).map { column in cells.map { $0[column].count }.max() ?? 0 }
        for line in cells {
            var text = ""
            for (column, cell) in line.enumerated() {
                text +=
                    column < widths.count
                    ? cell.padding(toLength: widths[column] + 2, withPad: " ", startingAt: 0) : cell
            }
            while text.last == " " { text.removeLast() }
            lines.append(text)
        }
        if count > rows.count { lines.append("… \(count - rows.count) more (--limit \(limit))") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func shorten(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }

    /// `1d2h`, `29m48s`, `12s`; negative as `-5m`.
    public static func duration(_ seconds: Double) -> String {
        if seconds < 0 { return "-" + duration(-seconds) }
        let s = Int(seconds)
        if s >= 86_400 { return "\(s / 86_400)d\(s % 86_400 / 3600)h" }
        if s >= 3600 { return "\(s / 3600)h\(s % 3600 / 60)m" }
        if s >= 60 { return "\(s / 60)m\(s % 60)s" }
        return "\(s)s"
    }

    /// `812 B`, `1.2 KiB`, `3.4 MiB`.
    public static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1 << 20 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
        return String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }
}
