/// Which slots of a list a pane of `rows` lines shows around the selection, leaving a line for
/// each "N more" marker it needs (above, below, or both).
struct ListWindow: Equatable {
    var first: Int
    var count: Int

    init(total: Int, rows: Int, selected: Int) {
        guard total > rows, rows > 0 else {
            first = 0
            count = min(total, max(0, rows))
            return
        }
        func place(_ size: Int) -> Int { max(0, min(selected - size / 2, total - size)) }
        var size = max(1, rows - 1)
        var start = place(size)
        if start > 0, start + size < total {
            // Markers on both sides.
            size = max(1, rows - 2)
            start = place(size)
        }
        first = start
        count = size
    }

    /// Hidden above and below.
    func hidden(total: Int) -> (above: Int, below: Int) { (first, total - first - count) }
}
