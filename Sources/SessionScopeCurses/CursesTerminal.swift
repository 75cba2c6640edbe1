import CNcurses
import Glibc
import SessionScopeUI

/// The real terminal: ncursesw with wide characters, so Korean narration and box drawing
/// line up. The only code that imports ncurses.
public final class CursesTerminal: Terminal {
    private let window: UnsafeMutablePointer<WINDOW>
    private let colors: Bool
    private var stopped = false

    /// Whether curses owns the terminal now (read by signal handlers).
    nonisolated(unsafe) public static var isActive = false

    // Attribute bits (NCURSES_BITS(mask, shift) with NCURSES_ATTR_SHIFT 8); the C macros
    // do not import into Swift.
    private static let underline: Int32 = 1 << 17
    private static let reverse: Int32 = 1 << 18
    private static let dim: Int32 = 1 << 20
    private static let bold: Int32 = 1 << 21

    // Mouse masks (NCURSES_MOUSE_MASK(button, event) with mouse version 2: five bits a button);
    // function-like macros do not import into Swift.
    private static let button1Pressed: mmask_t = 2
    private static let wheelUp: mmask_t = 2 << 15
    private static let wheelDown: mmask_t = 2 << 20

    /// Takes over the terminal. `colors: false` for `NO_COLOR` and `--no-color`; `mouse: true`
    /// reports clicks and the wheel (the terminal's own selection then needs Shift).
    public init(colors: Bool, mouse: Bool = false) {
        setlocale(LC_ALL, "")
        // initscr's WINDOW* is used instead of the C global stdscr, which Swift 6 rejects.
        window = initscr()!
        Self.isActive = true
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        curs_set(0)
        set_escdelay(25)
        if mouse {
            _ = mousemask(Self.button1Pressed | Self.wheelUp | Self.wheelDown, nil)
            // Presses are reported at once, not held back to tell a click from a double click.
            _ = mouseinterval(0)
        }
        var useColors = colors && has_colors()
        if useColors {
            start_color()
            use_default_colors()
            let palette: [Int16] = [
                Int16(COLOR_RED), Int16(COLOR_GREEN), Int16(COLOR_YELLOW), Int16(COLOR_BLUE),
                Int16(COLOR_MAGENTA), Int16(COLOR_CYAN),
            ]
            for (index, color) in palette.enumerated() where init_pair(Int16(index + 1), color, -1) == ERR {
                useColors = false
            }
        }
        self.colors = useColors
    }

    public var size: (width: Int, height: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    private func attributes(_ style: Style) -> Int32 {
        var attrs: Int32 = 0
        if style.bold { attrs |= Self.bold }
        if style.reverse { attrs |= Self.reverse }
        if style.dim { attrs |= Self.dim }
        if style.underline { attrs |= Self.underline }
        if colors, style.color != .none { attrs |= Int32(style.color.rawValue) << 8 }
        return attrs
    }

    public func present(_ screen: Screen) {
        let (width, height) = size
        for y in 0..<min(height, screen.height) {
            var x = 0
            while x < min(width, screen.width) {
                let style = screen[x, y].style
                var run: [wchar_t] = []
                let start = x
                while x < min(width, screen.width), screen[x, y].style == style {
                    let cell = screen[x, y]
                    if !cell.isContinuation {
                        for scalar in cell.character.unicodeScalars { run.append(wchar_t(bitPattern: scalar.value)) }
                    }
                    x += 1
                }
                wattrset(window, attributes(style))
                // Writing the bottom-right cell moves the cursor past the end: not an error.
                _ = mvwaddnwstr(window, Int32(y), Int32(start), run, Int32(run.count))
            }
        }
        wattrset(window, 0)
        wnoutrefresh(window)
        doupdate()
    }

    public func nextInput(timeout: Int) -> InputEvent? {
        wtimeout(window, Int32(timeout))
        var code: wint_t = 0
        let result = wget_wch(window, &code)
        if result == ERR { return nil }
        if result == KEY_CODE_YES {
            switch Int32(code) {
            case KEY_RESIZE: return .resize
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_DC: return .key(.delete)
            case KEY_BTAB: return .key(.backTab)
            case KEY_ENTER: return .key(.enter)
            case KEY_MOUSE: return mouseEvent()
            default: return nil
            }
        }
        switch code {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.control(Character(Unicode.Scalar(UInt8(code) + 96))))
        default:
            guard let scalar = Unicode.Scalar(UInt32(code)), code >= 32 else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    /// The mouse event waiting (after `KEY_MOUSE`), if it is one the UI uses.
    private func mouseEvent() -> InputEvent? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let (x, y) = (Int(event.x), Int(event.y))
        if event.bstate & Self.wheelUp != 0 { return .mouse(MouseEvent(.wheelUp, x: x, y: y)) }
        if event.bstate & Self.wheelDown != 0 { return .mouse(MouseEvent(.wheelDown, x: x, y: y)) }
        if event.bstate & Self.button1Pressed != 0 { return .mouse(MouseEvent(.press, x: x, y: y)) }
        return nil
    }

    public func shutdown() {
        guard !stopped else { return }
        stopped = true
        Self.restore()
    }

    /// Gives the terminal back; safe to call twice (also from a signal handler).
    public static func restore() {
        guard isActive else { return }
        isActive = false
        endwin()
    }
}
