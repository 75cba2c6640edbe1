import SessionScopeUI

/// Everything a key can do in attach.
public enum AttachAction: Hashable, Sendable {
    case down, up, pageDown, pageUp, top, bottom, open, filter, refresh, help, back, quit
}

/// One binding: keys, label, help text, action, and whether the key bar shows it.
public struct AttachKeyBinding: Sendable {
    public var keys: [Key]
    public var label: String
    public var help: String
    public var action: AttachAction
    public var inKeyBar: Bool
    /// The word in the key bar.
    public var short: String = ""
}

/// The one table that drives attach's key dispatch, its `?` help and its key bar.
public enum AttachKeyMap {
    public static let bindings: [AttachKeyBinding] = [
        AttachKeyBinding(
            keys: [.down, .character("j")], label: "↓", help: "next session", action: .down, inKeyBar: false),
        AttachKeyBinding(
            keys: [.up, .character("k")], label: "↑", help: "previous session", action: .up, inKeyBar: false),
        AttachKeyBinding(keys: [.pageDown], label: "PgDn", help: "a page down", action: .pageDown, inKeyBar: false),
        AttachKeyBinding(keys: [.pageUp], label: "PgUp", help: "a page up", action: .pageUp, inKeyBar: false),
        AttachKeyBinding(keys: [.home], label: "Home", help: "first session", action: .top, inKeyBar: false),
        AttachKeyBinding(keys: [.end], label: "End", help: "last session", action: .bottom, inKeyBar: false),
        AttachKeyBinding(
            keys: [.enter], label: "Enter", help: "the session whole: decoded attributes and raw value", action: .open,
            inKeyBar: true, short: "open"),
        AttachKeyBinding(
            keys: [.character("/")], label: "/", help: "filter by id or user (Enter keeps it, Esc clears)",
            action: .filter, inKeyBar: true, short: "filter"),
        AttachKeyBinding(
            keys: [.character("r")], label: "r", help: "read the store again now", action: .refresh, inKeyBar: true,
            short: "refresh"),
        AttachKeyBinding(
            keys: [.character("?")], label: "?", help: "help", action: .help, inKeyBar: true, short: "help"),
        AttachKeyBinding(keys: [.escape], label: "Esc", help: "back", action: .back, inKeyBar: false),
        AttachKeyBinding(
            keys: [.character("q")], label: "q", help: "quit", action: .quit, inKeyBar: true, short: "quit"),
    ]

    public static func action(for key: Key) -> AttachAction? {
        bindings.first { $0.keys.contains(key) }?.action
    }

    /// `Enter open  / filter  r refresh  ? help  q quit`.
    public static var keyBar: String {
        bindings.filter(\.inKeyBar).map { "\($0.label) \($0.short)" }.joined(separator: "  ")
    }
}
