import Foundation
import Glibc
import SessionScopeCore

/// A loopback TCP relay in front of one Redis node of a `RedisTopology`: the network between
/// the nodes, made real so that it can stall (`store lag on`).
///
/// Every client of the node connects here and is forwarded to the node's own port: the app
/// servers, the sentinels, and the other nodes' replication links. Each node makes its
/// outgoing connections from its own source address (`bind-source-addr 127.0.2.K`), so a
/// connection from `127.0.2.0/24` is a replication link. While the relay is `stalled`, it
/// reads nothing more from those links, in either direction: the primary's writes wait in
/// the kernel's socket buffers, as on a network that stalls, and the replicas' acknowledgements
/// wait the same way. The other connections flow. Closing the relay drops every buffered
/// byte: what the replicas had not received when the primary crashed is gone.
final class ReplicationRelay: @unchecked Sendable {
    /// The port clients connect to (the node's address for everyone, `replica-announce-port`).
    let port: Int32
    private let listener: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var target: Int32 = 0
    private var stalled = false
    private var closing = false
    private var finished = false
    private var generation = 0
    private var seen = 0
    /// Owned by the relay's thread.
    private var pairs: [Pair] = []

    /// The source addresses of replication links: 127.0.2.K for node K.
    static func sourceAddress(node: Int) -> String { "127.0.2.\(node)" }

    private struct Pair {
        var client: Int32
        var upstream: Int32
        var isReplicationLink: Bool
    }

    /// Listens on a free loopback port; `forward(to:)` names the node's port.
    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Self.failure("socket") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 64) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(fd)
            throw Self.failure("listen")
        }
        var wake: [Int32] = [0, 0]
        guard pipe(&wake) == 0 else {
            Glibc.close(fd)
            throw Self.failure("pipe")
        }
        for descriptor in [fd, wake[0], wake[1]] { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        listener = fd
        wakeRead = wake[0]
        wakeWrite = wake[1]
        port = Int32(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in self.serve() }
        thread.name = "sessionscope-relay-\(port)"
        thread.start()
    }

    deinit { close() }

    /// The node's own port, where connections are forwarded.
    func forward(to port: Int32) { condition.withLock { target = port } }

    /// Stops (or resumes) reading the replication links. Returns once the relay's thread
    /// has taken the change: after `setStalled(true)`, no byte more crosses a link.
    func setStalled(_ on: Bool) {
        condition.lock()
        defer { condition.unlock() }
        guard !finished, stalled != on else {
            stalled = on
            return
        }
        stalled = on
        generation += 1
        let wanted = generation
        wakeUp()
        while seen < wanted && !finished { condition.wait() }
    }

    var isStalled: Bool { condition.withLock { stalled } }

    /// Closes every connection, dropping what waits in them, and the listening port.
    func close() {
        condition.lock()
        defer { condition.unlock() }
        guard !finished else { return }
        closing = true
        wakeUp()
        while !finished { condition.wait() }
    }

    private func wakeUp() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    // MARK: - The relay's thread

    private func serve() {
        while true {
            condition.lock()
            let (isStalled, isClosing) = (stalled, closing)
            seen = generation
            condition.broadcast()
            condition.unlock()
            if isClosing { return finish() }
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            fds.append(pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0))
            var owners: [(pair: Int, fromClient: Bool)] = []
            for (index, pair) in pairs.enumerated() where !(isStalled && pair.isReplicationLink) {
                fds.append(pollfd(fd: pair.client, events: Int16(POLLIN), revents: 0))
                owners.append((index, true))
                fds.append(pollfd(fd: pair.upstream, events: Int16(POLLIN), revents: 0))
                owners.append((index, false))
            }
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 else { continue }
            if fds[1].revents != 0 {
                var buffer = [UInt8](repeating: 0, count: 64)
                _ = read(wakeRead, &buffer, buffer.count)
            }
            var broken: Set<Int> = []
            for (slot, owner) in owners.enumerated() where fds[slot + 2].revents != 0 {
                guard !broken.contains(owner.pair) else { continue }
                let pair = pairs[owner.pair]
                let (from, to) = owner.fromClient ? (pair.client, pair.upstream) : (pair.upstream, pair.client)
                if !Self.pump(from: from, to: to) { broken.insert(owner.pair) }
            }
            for index in broken.sorted(by: >) {
                Glibc.close(pairs[index].client)
                Glibc.close(pairs[index].upstream)
                pairs.remove(at: index)
            }
            // The target is read now, not before the poll: `forward(to:)` does not wake the thread.
            if fds[0].revents != 0 { accept(forwardingTo: condition.withLock { target }) }
        }
    }

    private func accept(forwardingTo port: Int32) {
        var peer = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let client = withUnsafeMutablePointer(to: &peer) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.accept(listener, $0, &length) }
        }
        guard client >= 0 else { return }
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: port)
        let connected =
            upstream >= 0 && port != 0
            && withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
        guard connected else {
            // The node is gone: the client sees its connection closed, as a refused one.
            if upstream >= 0 { Glibc.close(upstream) }
            Glibc.close(client)
            return
        }
        _ = fcntl(upstream, F_SETFD, FD_CLOEXEC)
        var yes: Int32 = 1
        for fd in [client, upstream] {
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        }
        // 127.0.2.K: a node's own outgoing connection, its replication link.
        let peerAddress = UInt32(bigEndian: peer.sin_addr.s_addr)
        let isLink = peerAddress >> 8 == (127 << 16 | 0 << 8 | 2)
        pairs.append(Pair(client: client, upstream: upstream, isReplicationLink: isLink))
    }

    /// Moves what can be read from `from` to `to`; false when either side is done.
    private static func pump(from: Int32, to: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = read(from, &buffer, buffer.count)
        guard count > 0 else { return false }
        var sent = 0
        while sent < count {
            let written = buffer.withUnsafeBytes { send(to, $0.baseAddress! + sent, count - sent, Int32(MSG_NOSIGNAL)) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            sent += written
        }
        return true
    }

    private func finish() {
        for pair in pairs {
            Glibc.close(pair.client)
            Glibc.close(pair.upstream)
        }
        pairs.removeAll()
        Glibc.close(listener)
        Glibc.close(wakeRead)
        Glibc.close(wakeWrite)
        condition.withLock {
            finished = true
            condition.broadcast()
        }
    }

    private static func loopback(port: Int32) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private static func failure(_ call: String) -> StoreError {
        StoreError(operation: "replication relay", cause: "\(call): \(String(cString: strerror(errno)))")
    }
}
