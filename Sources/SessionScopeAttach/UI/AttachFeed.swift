import Foundation

/// Reads the store on a thread of its own, pass after pass, and publishes what it has: the
/// UI never waits for a scan. A pass over a huge store publishes after every page, so the
/// first screen shows after the first page and the count fills in with progress. One lock
/// guards the reader (the UI's Enter reads through it too) and the published snapshots.
public final class AttachFeed: @unchecked Sendable {
    private let reader: any SessionReader
    private let url: String
    private let limit: Int
    private let everyMilliseconds: Int
    private let lock = NSLock()
    private let readerLock = NSLock()
    private var completed: AttachSnapshot?
    private var current: AttachSnapshot?
    private var failure: String?
    private var refreshRequested = false
    private var stopped = false
    private var thread: Thread?

    public init(reader: any SessionReader, url: String, limit: Int, everyMilliseconds: Int) {
        self.reader = reader
        self.url = url
        self.limit = limit
        self.everyMilliseconds = everyMilliseconds
    }

    /// What to show: the last complete pass (or the pass under way before the first one ends),
    /// the pass under way, and the last error.
    public var state: (shown: AttachSnapshot?, scanning: AttachSnapshot?, failure: String?) {
        lock.withLock { (completed ?? current, current, failure) }
    }

    public func start() {
        let thread = Thread { [self] in self.loop() }
        thread.stackSize = 1 << 20
        self.thread = thread
        thread.start()
    }

    public func stop() { lock.withLock { stopped = true } }

    public func refresh() { lock.withLock { refreshRequested = true } }

    /// One session whole, read between two pages of the scan.
    public func read(key: String) throws -> SessionDetail? {
        try readerLock.withLock { try reader.read(key: key, now: Date()) }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func loop() {
        var principalsLoaded = false
        while !isStopped {
            do {
                let now = Date()
                var snapshot = AttachSnapshot(url: url, format: reader.format, limit: limit)
                snapshot.estimatedTotal = try readerLock.withLock { try reader.estimatedTotal() }
                var cursor: String?
                repeat {
                    let page = try readerLock.withLock { try reader.page(after: cursor, now: now) }
                    snapshot.add(page)
                    cursor = page.next
                    lock.withLock { current = snapshot }
                    if !principalsLoaded, let redis = reader as? RedisSessionReader,
                        redis.format == .springSession
                    {
                        // Users come from the principal index: read after the first screen.
                        try readerLock.withLock { try redis.loadPrincipalIndex() }
                        principalsLoaded = true
                    }
                } while cursor != nil && !isStopped
                snapshot.complete = true
                lock.withLock {
                    completed = snapshot
                    current = snapshot
                    failure = nil
                }
            } catch {
                lock.withLock { failure = String(describing: error) }
            }
            // Wait for the next pass, or a refresh asked for.
            var waited = 0
            while waited < everyMilliseconds && !isStopped {
                if lock.withLock({ refreshRequested }) { break }
                usleep(20_000)
                waited += 20
            }
            lock.withLock { refreshRequested = false }
        }
    }
}
