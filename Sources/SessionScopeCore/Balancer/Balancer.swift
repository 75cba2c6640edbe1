#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// The load balancer in front of the servers: it picks a server for each request by its
/// policy, and for `sticky-cookie` it keeps its own cookie naming that server.
public struct Balancer: Equatable, Sendable {
    /// The name of the balancer's own cookie under `sticky-cookie`.
    public static let cookieName = "LB"

    public var policy: BalancerPolicy
    /// The round-robin cursor: index (0-based) of the next server to try.
    public private(set) var cursor = 0

    public init(policy: BalancerPolicy) { self.policy = policy }

    /// The outcome of one routing decision.
    public struct Decision: Equatable, Sendable {
        /// 1-based server number.
        public var server: Int
        public var reason: RouteReason
        /// A `Set-Cookie` the balancer adds to the response (sticky-cookie only).
        public var setCookie: String?
    }

    /// Picks a live server for a request, or nil when none is up.
    public mutating func route(
        _ request: HTTPRequest, from ip: IPv4, servers: [Server],
        random: inout SplitMix64
    ) -> Decision? {
        let up = Self.liveness(servers)
        guard up.contains(true) else { return nil }
        switch policy {
        case .roundRobin:
            let (server, skipped) = nextRoundRobin(up: up)
            return Decision(server: server, reason: .roundRobin(skipped: skipped))
        case .random:
            let live = up.indices.filter { up[$0] }
            let pick = live[Int(random.next() % UInt64(live.count))]
            return Decision(server: pick + 1, reason: .random)
        case .ipHash:
            var index = Int(Self.hash(ip) % UInt64(up.count))
            var skipped: [Int] = []
            while !up[index] {
                skipped.append(index + 1)
                index = (index + 1) % up.count
            }
            return Decision(server: index + 1, reason: .ipHash(ip: ip, skipped: skipped))
        case .leastSessions:
            let live = up.indices.filter { up[$0] }
            let pick = live.min { (servers[$0].table.count, $0) < (servers[$1].table.count, $1) }!
            return Decision(server: pick + 1, reason: .leastSessions(count: servers[pick].table.count))
        case .stickyCookie:
            let named = request.withCookieValue(named: Self.cookieName, Self.serverNumber) ?? nil
            if let named, named >= 1, named <= up.count, up[named - 1] {
                return Decision(server: named, reason: .stickyCookie)
            }
            let (server, skipped) = nextRoundRobin(up: up)
            let reason: RouteReason =
                named.map { .stickyDead(named: $0, skipped: skipped) } ?? .stickyNew(skipped: skipped)
            return Decision(server: server, reason: reason, setCookie: "\(Self.cookieName)=server-\(server); Path=/")
        }
    }

    /// Round robin: the first live server from the cursor on; the cursor moves past it.
    private mutating func nextRoundRobin(up: LiveSet) -> (server: Int, skipped: [Int]) {
        var index = cursor % up.count
        var skipped: [Int] = []
        while !up[index] {
            skipped.append(index + 1)
            index = (index + 1) % up.count
        }
        cursor = (index + 1) % up.count
        return (index + 1, skipped)
    }

    /// The server round robin would pick next (for display), or nil when none is up.
    public func nextRoundRobinPick(servers: [Server]) -> Int? {
        let up = Self.liveness(servers)
        guard up.contains(true) else { return nil }
        var index = cursor % up.count
        while !up[index] { index = (index + 1) % up.count }
        return index + 1
    }

    /// Which servers are up, as a small fixed array (at most 16 servers): no allocation per
    /// request.
    static func liveness(_ servers: [Server]) -> LiveSet {
        var set = LiveSet(count: servers.count)
        for (index, server) in servers.enumerated() where server.isUp { set.bits |= 1 << index }
        return set
    }

    /// `server-3` → 3, read from the cookie's bytes in place (this runs on every request);
    /// anything but plain digits after the prefix takes the `String` route below.
    static func serverNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let prefix: StaticString = "server-"
        let length = prefix.utf8CodeUnitCount
        guard bytes.count > length, bytes.count <= length + 9,
            memcmp(bytes.baseAddress!, prefix.utf8Start, length) == 0,
            bytes[length] != UInt8(ascii: "0") || bytes.count == length + 1
        else {
            return serverNumber(String(decoding: bytes, as: UTF8.self))
        }
        var number = 0
        for byte in bytes[length...] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                return serverNumber(String(decoding: bytes, as: UTF8.self))
            }
            number = number * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return number
    }

    static func serverNumber(_ text: String) -> Int? { ServerName.number(text) }

    /// A stable hash of the address (FNV-1a over its four bytes), the same on every run.
    public static func hash(_ ip: IPv4) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for shift in stride(from: 24, through: 0, by: -8) {
            hash ^= UInt64(ip.value >> UInt32(shift) & 0xFF)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}

/// Which of up to 16 servers are up, as bits; indexable like the `[Bool]` it replaces.
struct LiveSet {
    var bits: UInt32 = 0
    let count: Int

    init(count: Int) { self.count = count }

    subscript(index: Int) -> Bool { bits & (1 << index) != 0 }
    func contains(_ value: Bool) -> Bool { value ? bits != 0 : bits != (1 << count) - 1 }
    var indices: Range<Int> { 0..<count }
}
