import Foundation
import SessionScopeUI

/// The attach event loop: render, present, wait for a key or the next tick, update, run the
/// effect. The store is read by the feed's thread; this loop only shows what it published.
public final class AttachApp {
    public private(set) var model: AttachModel
    let terminal: any Terminal
    let feed: AttachFeed

    public init(model: AttachModel, terminal: any Terminal, feed: AttachFeed) {
        self.model = model
        self.terminal = terminal
        self.feed = feed
    }

    /// Runs until `q`. With `stopWhenIdle`, stops when no input is waiting (tests).
    public func run(stopWhenIdle: Bool = false) {
        while true {
            pull()
            let size = terminal.size
            terminal.present(AttachView.render(model, width: size.width, height: size.height))
            if model.shouldQuit { break }
            guard let input = terminal.nextInput(timeout: 100) else {
                if stopWhenIdle { break }
                continue
            }
            switch model.handle(input, pageHeight: max(1, size.height - 6)) {
            case .readWhole(let key):
                do {
                    if let detail = try feed.read(key: key) {
                        model.detail = detail
                        model.detailScroll = 0
                    } else {
                        model.message = "\(key) is gone from the store"
                    }
                } catch {
                    model.message = "cannot read \(key): \(error)"
                }
            case .refresh: feed.refresh()
            case nil: break
            }
        }
    }

    /// Takes what the feed published.
    func pull() {
        let state = feed.state
        if let shown = state.shown {
            model.snapshot = shown
            model.now = Date()
        }
        model.scanning = state.scanning
        if let failure = state.failure, model.message == nil { model.message = failure }
        if !model.snapshot.rows.isEmpty { model.selected = min(model.selected, max(0, model.visibleRows.count - 1)) }
    }

    public func shutdown() {
        feed.stop()
        terminal.shutdown()
    }
}
