import SessionScopeCore

/// Random but seeded scenarios over every verb and setting, for model-based tests: the same
/// seed gives the same statements, and every statement passes the parser's static checks.
public struct ScenarioGenerator {
    var random: SplitMix64
    /// The statements, one a line.
    public private(set) var lines: [String] = []
    var open: [String: Bool] = [:]
    let names = ["alice", "bob", "carol", "mallory"]
    var servers = 2
    /// Whether the scenario language 1.1 lessons are generated too (settings and statements).
    let lessons: Bool
    /// Cart items are numbered, so that each one can be looked for afterwards.
    var items = 0

    /// A cluster of random settings with `store`, then statements up to `length` lines. With
    /// `lessons`, the cluster also gets random 1.1 settings (`save`, `lock`, `create`,
    /// `samesite`, `https`, `secure`, `revocation`) and the statements include `together`,
    /// `tamper`, `from=SITE`, `steal ... via=`, `/cart`, `/prefs` and `crowd ... bots=on`.
    public init(
        seed: UInt64, store: StoreKind, balancer: BalancerPolicy? = nil, length: Int = 160, lessons: Bool = false
    ) {
        self.lessons = lessons
        random = SplitMix64(seed: seed)
        servers = 1 + pick(4)
        let chosenBalancer = balancer ?? BalancerPolicy.allCases[pick(BalancerPolicy.allCases.count)]
        let timeout = ["1m", "5m", "30m"][pick(3)]
        let absolute = ["off", "10m", "1h"][pick(3)]
        let sweep = ["30s", "1m", "5m"][pick(3)]
        lines.append(
            "cluster servers=\(servers) balancer=\(chosenBalancer.rawValue) store=\(store.rawValue) "
                + "timeout=\(timeout) absolute=\(absolute) regenerate=\(pick(2) == 0 ? "on" : "off") sweep=\(sweep) "
                + "seed=\(seed)"
        )
        if lessons {
            let secure = pick(2) == 0
            lines[0] +=
                " save=\(["whole", "delta"][pick(2)]) lock=\(pick(2) == 0 ? "on" : "off")"
                + " create=\(["always", "login"][pick(2)]) "
                + "samesite=\(["off", "lax", "strict", secure ? "none" : "lax"][pick(4)])"
                + " https=\(secure ? "on" : "off") secure=\(secure ? "on" : "off")"
                + " revocation=\(["off", "denylist"][pick(2)])"
        }
        while lines.count < length { lines.append(lessons && pick(2) == 0 ? nextLesson() : next()) }
    }

    /// A 1.1 statement, or a plain one where the 1.1 one needs an open browser there is not.
    mutating func nextLesson() -> String {
        let open = names.filter { self.open[$0] == true }
        guard let name = open.isEmpty ? nil : open[pick(open.count)] else { return next() }
        switch pick(12) {
        case 0...3:
            let parts = (0..<(2 + pick(2))).map { _ in request(open[pick(open.count)], together: true) }
            return "together " + parts.joined(separator: " | ")
        case 4, 5: return request(name, together: false)
        case 6: return "\(name) tamper " + ["sub=\(names[pick(3)])", "alg=none", "exp=+1d", "jti=x"][pick(4)]
        case 7:
            guard let victim = names.first(where: { $0 != name && self.open[$0] != nil }) else { return next() }
            return "\(name) steal \(victim) via=\(["copy", "script", "network"][pick(3)])"
        case 8: return "crowd \(1 + pick(4)) bots=on requests=\(1 + pick(3))"
        case 9: return "\(name) get /cart"
        default: return "\(name) login \(names[pick(3)])"
        }
    }

    /// A request of `name` that 1.1 adds: the cart and theme routes, cross-site or not.
    mutating func request(_ name: String, together: Bool) -> String {
        let site = pick(3) == 0 ? " from=\(["evil.example", "shop.app.example"][pick(2)])" : ""
        switch pick(together ? 7 : 5) {
        case 0, 1:
            items += 1
            return "\(name) post /cart item=i\(items)" + site
        case 2: return "\(name) post /prefs theme=\(["dark", "light"][pick(2)])" + site
        case 3: return "\(name) get /me" + site
        case 4: return "\(name) post /logout" + site
        case 5: return "\(name) login \(names[pick(3)])"
        default: return "\(name) logout"
        }
    }

    mutating func pick(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }

    mutating func next() -> String {
        let name = names[pick(names.count)]
        guard let isOpen = open[name] else {
            open[name] = true
            return "browser \(name)"
        }
        if !isOpen {
            if pick(3) == 0 { return "\(name) clear" }
            open[name] = true
            return "browser \(name)"
        }
        switch pick(20) {
        case 0...3: return "\(name) get /me"
        case 4, 5: return "\(name) get /"
        case 6, 7: return "\(name) login \(names[pick(3)])" + (pick(4) == 0 ? " remember=on" : "")
        case 8: return "\(name) login \(name) password=wrong"
        case 9: return "\(name) logout"
        case 10:
            open[name] = false
            return "\(name) close"
        case 11:
            // A browser cannot steal from itself: with no other browser yet, it visits instead.
            guard let victim = names.first(where: { $0 != name && open[$0] != nil }) else { return "\(name) get /me" }
            return "\(name) steal \(victim)"
        case 12: return "server-\(1 + pick(servers)) kill"
        case 13: return "server-\(1 + pick(servers)) start"
        case 14: return pick(2) == 0 ? "store down" : "store up"
        case 15: return "crowd \(1 + pick(5))" + (pick(2) == 0 ? " login=on" : "")
        default: return "advance \(["10s", "45s", "2m", "7m", "31m"][pick(5)])"
        }
    }

    /// The scenario text.
    public var source: String { lines.joined(separator: "\n") }
}
