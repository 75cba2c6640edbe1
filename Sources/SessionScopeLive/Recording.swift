import Foundation
import SessionScopeCore

/// The run as a scenario that the simulation replays to the same outcome (live-mode.md,
/// "Recording"): the cluster line with every setting, each statement as typed, each
/// outside request as `send`, `advance` for the real time between steps, and after every
/// request the status and server it got.
struct Recording {
    /// Off when nobody will read the recording (a benchmark): nothing is kept.
    var isEnabled = true
    private(set) var lines: [String] = []
    /// Whether `mirror` is kept (the terminal UI replays it).
    var keepsMirror = false
    /// The lines since the last `takeMirror()`, without the outcomes' `expect`s and the first
    /// `cluster` (the UI's timeline starts with those settings).
    private var mirror: [String] = []
    private var started = false
    /// The clock at the end of the last recorded step.
    private var clock = Instant.zero

    mutating func start(_ settings: ClusterSettings) {
        guard isEnabled else { return }
        lines.append(Self.clusterLine(settings))
        if started && keepsMirror { mirror.append(Self.clusterLine(settings)) }
        started = true
        clock = .zero
    }

    /// Real time passed since the last step (only in real-time mode).
    mutating func timePassed(to now: Instant) {
        guard isEnabled else { return }
        guard now > clock else { return }
        add("advance \((now - clock).milliseconds)ms")
        // Never back: a request that arrived before a later step ended is recorded after it.
        clock = now
    }

    mutating func statement(_ text: String, clockAfter: Instant) {
        guard isEnabled else { return }
        add(text)
        clock = clockAfter
    }

    mutating func line(_ text: String) {
        guard isEnabled else { return }
        add(text)
    }

    private mutating func add(_ text: String) {
        lines.append(text)
        if keepsMirror { mirror.append(text) }
    }

    /// The mirror's lines since the last call.
    mutating func takeMirror() -> [String] {
        defer { mirror = [] }
        return mirror
    }

    /// After a request: what it got. `pinned` (nginx, HAProxy): the engine's choice is pinned
    /// on the request's line (`via=server-K`), since their hashing is their own.
    mutating func outcome(browser: String, status: Int?, server: Int?, clockAfter: Instant, pinned: Bool = false) {
        guard isEnabled else { return }
        let serverName = server.map { "server-\($0)" } ?? "none"
        if pinned, let last = lines.indices.last {
            lines[last] = Self.pinning(lines[last], to: serverName)
            // The terminal UI's timeline replays the pin too, so its panes route as the engine did.
            if keepsMirror, let mirrored = mirror.indices.last {
                mirror[mirrored] = Self.pinning(mirror[mirrored], to: serverName)
            }
        }
        lines.append("expect \(browser).status == \(status.map(String.init) ?? "none")")
        if !pinned { lines.append("expect \(browser).server == \(serverName)") }
        clock = clockAfter
    }

    var text: String { lines.joined(separator: "\n") + "\n" }

    /// The request's line with `via=SERVER` (a statement typed with a pin of its own keeps
    /// only the engine's).
    static func pinning(_ line: String, to server: String) -> String {
        var line = line
        if let typed = line.range(of: " via=", options: .backwards), !line[typed.upperBound...].contains(" ") {
            line.removeSubrange(typed.lowerBound...)
        }
        return line + " via=\(server)"
    }

    /// `cluster` with every setting, the seed included.
    static func clusterLine(_ s: ClusterSettings) -> String {
        var parts = [
            "cluster", "servers=\(s.servers)", "balancer=\(s.balancer.rawValue)", "store=\(s.store.rawValue)",
            "timeout=\(s.timeout)", "absolute=\(s.absolute.map { "\($0)" } ?? "off")",
            "regenerate=\(s.regenerate ? "on" : "off")",
        ]
        parts += ["cookie=\(s.cookieName)", "remember=\(s.remember)", "sweep=\(s.sweep)", "seed=\(s.seed)"]
        parts += [
            "https=\(s.https ? "on" : "off")", "secure=\(s.secure ? "on" : "off")", "samesite=\(s.sameSite.rawValue)",
            "create=\(s.create.rawValue)", "revocation=\(s.revocation.rawValue)", "save=\(s.save.rawValue)",
            "lock=\(s.lock ? "on" : "off")",
        ]
        // The 1.1 store keys: a recording replays `store lag` and `store failover` only with the
        // replicas, and the private Redis runs with exactly these settings. They mean something
        // only with store=redis, and a cluster with another store refuses them.
        if s.store == .redis {
            parts += [
                "persistence=\(s.persistence.rawValue)",
                "maxmemory=\(s.maxMemory.map(ClusterSettings.byteSizeText) ?? "off")",
                "eviction=\(s.eviction.rawValue)", "replicas=\(s.replicas)", "sentinel=\(s.sentinel ? "on" : "off")",
            ]
        }
        // The real time the live cluster was built: dates in tokens and cookies count from it.
        if s.epoch != World.epochUnixSeconds { parts.append("epoch=\(s.epochText)") }
        return parts.joined(separator: " ")
    }

    /// `NAME send METHOD PATH [cookie="..."] [k=v ...]` for a request as it arrived.
    static func sendLine(_ browser: String, _ request: HTTPRequest) -> String {
        var parts = [browser, "send", request.method.rawValue, request.path]
        if let cookie = request.cookieHeader { parts.append("cookie=" + quoted(writable(cookie))) }
        for field in request.form where !field.name.isEmpty {
            parts.append(quotedIfNeeded(writable(field.name)) + "=" + quotedIfNeeded(writable(field.value)))
        }
        return parts.joined(separator: " ")
    }

    /// What `sendLine` could not write as it came, as comments for the recording: a line
    /// holds no line break and a form field needs a name.
    static func sendNotes(_ browser: String, _ request: HTTPRequest) -> [String] {
        var notes: [String] = []
        if request.form.contains(where: \.name.isEmpty) {
            notes.append("# \(browser)'s form had a field without a name: not written (the application ignores it)")
        }
        let texts = [request.cookieHeader ?? ""] + request.form.flatMap { [$0.name, $0.value] }
        if texts.contains(where: { $0.unicodeScalars.contains(where: isControl) }) {
            notes.append(
                "# \(browser) sent control characters (line breaks ...): written as the symbols U+2400-U+2421"
                    + " (C1 as U+FFFD)")
        }
        return notes
    }

    /// The text with control characters as their Control Pictures (`\n` as `␊`): a scenario
    /// line cannot hold a line break, and the application only compares such values.
    private static func writable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 {
                out.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
            } else if scalar.value == 0x7F {
                out.unicodeScalars.append("\u{2421}")
            } else if (0x80...0x9F).contains(scalar.value) {
                // C1 controls have no pictures: the replacement character.
                out.unicodeScalars.append("\u{FFFD}")
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// `"text"` with `\\` and `"` escaped. By hand: Foundation's `replacingOccurrences` cost
    /// about a seventh of a live request's instructions (every outside request's cookie).
    private static func quoted(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") }) else {
            return "\"" + text + "\""
        }
        // Scalar by scalar, as the lexer reads: a combining mark must not hide a quote.
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\\" || scalar == "\"" { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(scalar)
        }
        return out + "\""
    }

    private static func quotedIfNeeded(_ text: String) -> String {
        let plain =
            !text.isEmpty && text.unicodeScalars.allSatisfy { $0.value > 32 && $0 != "\"" && $0 != "#" && $0 != "\\" }
        return plain ? text : quoted(text)
    }
}
