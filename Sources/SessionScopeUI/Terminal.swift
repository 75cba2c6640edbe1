/// A key the user pressed.
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, escape, backspace, delete, tab, backTab
    /// Ctrl and a letter (lower case).
    case control(Character)
}

/// What a terminal reports.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case resize
    /// A mouse button or the wheel, at a cell of the window.
    case mouse(MouseEvent)
}

/// A click or a turn of the wheel at column `x`, row `y` (0-based).
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case press, wheelUp, wheelDown
    }

    public var kind: Kind
    public var x: Int
    public var y: Int

    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// Where the view goes and keys come from: ncurses for people, a headless one for tests.
public protocol Terminal: AnyObject {
    /// Columns and rows now.
    var size: (width: Int, height: Int) { get }
    /// Shows a whole screen.
    func present(_ screen: Screen)
    /// The next input, waiting up to `timeout` milliseconds; nil when none came.
    func nextInput(timeout: Int) -> InputEvent?
    /// Gives the terminal back as it was.
    func shutdown()
}

/// A terminal for tests: a settable size, scripted input, and the last screen presented.
public final class HeadlessTerminal: Terminal {
    public var size: (width: Int, height: Int)
    public private(set) var presented: [Screen] = []
    public var inputs: [InputEvent]
    public private(set) var isShutDown = false

    public init(width: Int, height: Int, inputs: [InputEvent] = []) {
        size = (width, height)
        self.inputs = inputs
    }

    public var lastScreen: Screen? { presented.last }

    public func present(_ screen: Screen) { presented.append(screen) }

    public func nextInput(timeout: Int) -> InputEvent? {
        inputs.isEmpty ? nil : inputs.removeFirst()
    }

    public func shutdown() { isShutDown = true }

    /// Types text as key presses.
    public static func keys(_ text: String) -> [InputEvent] {
        text.map { $0 == "\n" ? .key(.enter) : .key(.character($0)) }
    }
}
