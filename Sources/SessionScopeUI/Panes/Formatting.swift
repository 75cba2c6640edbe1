import SessionScopeCore

/// Small formatting helpers shared by the panes.
enum Format {
    /// `m:ss` for spans under an hour, `h:mm:ss` beyond; `-` for negative.
    static func clock(_ span: TimeSpan) -> String {
        guard span.milliseconds >= 0 else { return "-" }
        let s = span.milliseconds / 1000
        let h = s / 3600
        let m = (s / 60) % 60
        let sec = s % 60
        let two = { (v: Int64) in v < 10 ? "0\(v)" : "\(v)" }
        return h > 0 ? "\(h):\(two(m)):\(two(sec))" : "\(m):\(two(sec))"
    }

    static func bytes(_ n: Int) -> String {
        if n < 1024 { return "\(n) B" }
        if n < 1024 * 1024 { return "\(n / 1024) KiB" }
        return "\(n / (1024 * 1024)) MiB"
    }

    /// Why the balancer chose a server, in a few words; `abbreviated`, in one or two
    /// (`rr`), for a balancer pane line with no room for more.
    static func shortRoute(_ why: RouteReason, language: String = "en", abbreviated: Bool = false) -> String {
        var key: String
        switch why {
        case .roundRobin: key = "route.roundRobin"
        case .random: key = "route.random"
        case .ipHash: key = "route.ipHash"
        case .stickyCookie: key = "route.sticky"
        case .stickyNew: key = "route.stickyNew"
        case .stickyDead: key = "route.stickyDead"
        case .leastSessions: key = "route.least"
        }
        if abbreviated { key += ".short" }
        return L10n.text(key, language)
    }

    /// Word-wraps text to a number of columns.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 1 else { return [] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if DisplayWidth.of(candidate) <= width {
                current = candidate
            } else {
                if !current.isEmpty { lines.append(current) }
                // A word wider than the line (a token, a long id) is broken, never cut short.
                var rest = word
                while DisplayWidth.of(rest) > width {
                    var head = ""
                    var used = 0
                    for character in rest {
                        let w = DisplayWidth.of(character)
                        if used + w > width { break }
                        head.append(character)
                        used += w
                    }
                    if head.isEmpty { break }
                    lines.append(head)
                    rest = String(rest.dropFirst(head.count))
                }
                current = rest
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    static func pad(_ text: String, _ width: Int) -> String {
        let w = DisplayWidth.of(text)
        return w >= width ? text : text + String(repeating: " ", count: width - w)
    }
}
