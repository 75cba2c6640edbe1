import Foundation
import SessionScopeUI

/// What the attach UI shows: the latest snapshot of the store, the selection, the filter, the
/// session opened whole, help. Plain data; `handle` changes it and returns the effect to run.
public struct AttachModel: Sendable {
    public var label: String
    public var snapshot: AttachSnapshot
    /// A pass under way: what it has scanned so far (shown as progress).
    public var scanning: AttachSnapshot?
    public var everyMilliseconds: Int
    public var selected = 0
    public var scroll = 0
    public var filter = ""
    public var editingFilter = false
    public var detail: SessionDetail?
    public var detailScroll = 0
    public var showHelp = false
    public var shouldQuit = false
    public var message: String?
    /// The wall-clock time of the snapshot, for idle times.
    public var now: Date
    public var colors: Bool

    public init(label: String, snapshot: AttachSnapshot, everyMilliseconds: Int, now: Date, colors: Bool = true) {
        self.label = label
        self.snapshot = snapshot
        self.everyMilliseconds = everyMilliseconds
        self.now = now
        self.colors = colors
    }

    /// Side effects the loop runs for `handle`: nothing here touches the store.
    public enum Effect: Equatable, Sendable {
        case readWhole(key: String)
        case refresh
    }

    /// The rows the filter lets through.
    public var visibleRows: [SessionRow] {
        guard !filter.isEmpty else { return snapshot.rows }
        let needle = filter.lowercased()
        return snapshot.rows.filter {
            $0.id.lowercased().contains(needle) || ($0.user?.lowercased().contains(needle) ?? false)
        }
    }

    public mutating func handle(_ input: InputEvent, pageHeight: Int = 10) -> Effect? {
        guard case .key(let key) = input else { return nil }
        message = nil
        if editingFilter {
            switch key {
            case .enter: editingFilter = false
            case .escape:
                editingFilter = false
                filter = ""
            case .backspace, .delete: if !filter.isEmpty { filter.removeLast() }
            case .character(let c): filter.append(c)
            case .up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .tab, .backTab, .control: break
            }
            selected = 0
            scroll = 0
            return nil
        }
        let action = AttachKeyMap.action(for: key)
        if showHelp, action != .quit {
            // Any key closes the help.
            showHelp = false
            return nil
        }
        guard let action else { return nil }
        let count = detail == nil ? visibleRows.count : Int.max
        switch action {
        case .down: if detail != nil { detailScroll += 1 } else { selected = min(count - 1, selected + 1) }
        case .up: if detail != nil { detailScroll = max(0, detailScroll - 1) } else { selected = max(0, selected - 1) }
        case .pageDown: if detail == nil { selected = min(count - 1, selected + pageHeight) }
        case .pageUp: if detail == nil { selected = max(0, selected - pageHeight) }
        case .top: selected = 0
        case .bottom: if detail == nil { selected = max(0, count - 1) }
        case .open:
            let rows = visibleRows
            if detail == nil, rows.indices.contains(selected) { return .readWhole(key: rows[selected].key) }
        case .filter:
            detail = nil
            editingFilter = true
        case .refresh: return .refresh
        case .help: showHelp = true
        case .back:
            if detail != nil {
                detail = nil
            } else {
                filter = ""
            }
        case .quit: shouldQuit = true
        }
        selected = max(0, selected)
        return nil
    }
}
