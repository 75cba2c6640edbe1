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

    /// A cluster of random settings with `store`, then statements up to `length` lines.
    public init(seed: UInt64, store: StoreKind, balancer: BalancerPolicy? = nil, length: Int = 160) {
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
        while lines.count < length { lines.append(next()) }
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
