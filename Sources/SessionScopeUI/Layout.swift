/// Where each pane of the main screen goes in a window. One place for the view, which draws
/// into these rectangles, and for a mouse click, which is mapped back to the pane under it.
struct Layout {
    var browsers: Rect
    var balancer: Rect
    var store: Rect
    /// Servers side by side: each pane with its server's number. With the overview, one
    /// entry: the selected server's table.
    var servers: [(number: Int, rect: Rect)]
    /// The overview's list of servers, when there are more than fit side by side.
    var serverList: Rect?
    /// The first server side by side (a window around the selected one).
    var firstServer: Int
    var trace: Rect
    var narration: Rect
    var narrationContent: NarrationPane.Content
    var statusY: Int
    var keyBarY: Int

    /// Rows: header, top panes, servers, trace, narration, status, key bar. The narration
    /// grows to hold the latest narration (from its start), taking rows from the trace.
    init(_ model: AppModel, width: Int, height: Int) {
        narrationContent = NarrationPane.content(model, width: width - 2)
        let narrationHeight = 2 + NarrationPane.wantedRows(narrationContent, maximum: height < 30 ? 3 : 5)
        let rest = height - 3 - narrationHeight
        var topHeight = max(7, rest * 3 / 10)
        var serverHeight = max(5, rest / 4)
        let storeKind = model.world.settings.store
        if storeKind.isShared || storeKind == .jwt, !ServerOverview.needed(model, width: width) {
            // Each server only says its sessions are elsewhere: one line, and the rows saved
            // go to the trace (and, in a tall window, half of them to the store's rows).
            let saved = serverHeight - 3
            serverHeight = 3
            if height >= 32 { topHeight += saved / 2 }
        }
        let browsersWidth = width * 38 / 100
        let balancerWidth = width * 26 / 100
        if storeKind.isShared, height < 32 {
            // A short window: the store's settings and nodes, whole, before the trace's oldest rows.
            let wanted = StorePane.essentialRows(model, width: width - browsersWidth - balancerWidth - 2)
            topHeight += min(2, max(0, wanted - (topHeight - 2)))
        }
        let traceHeight = rest - topHeight - serverHeight
        var y = 1
        browsers = Rect(x: 0, y: y, width: browsersWidth, height: topHeight)
        balancer = Rect(x: browsersWidth, y: y, width: balancerWidth, height: topHeight)
        store = Rect(
            x: browsersWidth + balancerWidth, y: y, width: width - browsersWidth - balancerWidth, height: topHeight)
        y += topHeight
        let all = model.world.servers
        if ServerOverview.needed(model, width: width) {
            let listWidth = max(28, width * 36 / 100)
            serverList = Rect(x: 0, y: y, width: listWidth, height: serverHeight)
            servers = [
                (model.selectedServer, Rect(x: listWidth, y: y, width: width - listWidth, height: serverHeight))
            ]
            firstServer = 0
        } else {
            serverList = nil
            let fit = max(1, min(all.count, width / 30))
            let first = max(0, min(model.selectedServer - 1 - fit / 2, all.count - fit))
            let paneWidth = width / fit
            servers = (0..<fit).map { slot in
                let x = slot * paneWidth
                let w = slot == fit - 1 ? width - x : paneWidth
                return (all[first + slot].number, Rect(x: x, y: y, width: w, height: serverHeight))
            }
            firstServer = first
        }
        y += serverHeight
        trace = Rect(x: 0, y: y, width: width, height: traceHeight)
        y += traceHeight
        narration = Rect(x: 0, y: y, width: width, height: narrationHeight)
        y += narrationHeight
        statusY = y
        keyBarY = y + 1
    }
}

extension Rect {
    func contains(x px: Int, y py: Int) -> Bool { px >= x && px < x + width && py >= y && py < y + height }
}
