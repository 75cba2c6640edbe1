/// When persistent cookies fall due, across every browser: a binary min-heap of
/// (expiry, browser index), so that advancing the clock visits the browsers whose cookies
/// expire instead of every browser at every stop (a crowd may be a million browsers).
///
/// A cookie that goes early (replaced, deleted by the server, dropped when its browser
/// closes) leaves its entry behind; when that entry falls due the browser's jar simply has
/// nothing to evict, and the clock has stopped once for nothing.
struct CookieExpiryQueue: Sendable {
    private struct Entry: Sendable {
        var expiry: Int64
        var browser: Int
    }

    private var heap: [Entry] = []

    init() {}

    /// Notes that a cookie of browser number `browser` (an index into the world's
    /// browsers) expires at `expiry` (Unix milliseconds).
    mutating func add(_ expiry: Int64, browser: Int) {
        heap.append(Entry(expiry: expiry, browser: browser))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].expiry < heap[parent].expiry else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// The earliest expiry still queued.
    var earliest: Int64? { heap.first?.expiry }

    /// Removes every entry due at or before `now` and returns their browsers, each once,
    /// in index order (the order in which their events are told).
    mutating func takeDue(upTo now: Int64) -> [Int] {
        var due: [Int] = []
        while let top = heap.first, top.expiry <= now {
            due.append(top.browser)
            removeFirst()
        }
        return Array(Set(due)).sorted()
    }

    private mutating func removeFirst() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].expiry < heap[smallest].expiry { smallest = left }
            if right < heap.count, heap[right].expiry < heap[smallest].expiry { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
