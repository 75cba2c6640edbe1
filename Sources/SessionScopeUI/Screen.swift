/// Colours the view may ask for; the terminal may ignore them (`NO_COLOR`, `--no-color`),
/// so every colour is doubled by a symbol or an attribute.
public enum Color: Int, Sendable {
    case none = 0
    case red, green, yellow, blue, magenta, cyan
}

/// How a cell is drawn.
public struct Style: Hashable, Sendable {
    public var color: Color = .none
    public var bold = false
    public var reverse = false
    public var dim = false
    public var underline = false

    public init(
        color: Color = .none, bold: Bool = false, reverse: Bool = false, dim: Bool = false, underline: Bool = false
    ) {
        self.color = color
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
        self.underline = underline
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    /// What changed in the last step.
    public static let changed = Style(color: .yellow, bold: true)
    /// The selected session, wherever it lives.
    public static let selected = Style(reverse: true)
    public static let good = Style(color: .green)
    public static let bad = Style(color: .red, bold: true)
    public static let muted = Style(dim: true)
    public static let border = Style(color: .cyan)
}

/// One terminal cell. A wide character occupies its cell and the next, which holds nothing.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var style: Style
    /// The right half of a wide character.
    public var isContinuation = false

    public static let blank = Cell(character: " ", style: .plain)
}

/// A grid of cells: what the view produces and a terminal presents.
public struct Screen: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Writes text at (x, y), clipped to `maxWidth` columns and the screen; returns the
    /// number of columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        var column = x
        for character in text {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }
            if column + w > limit { break }
            if column >= 0 {
                // Overwriting half of a wide character blanks its other half.
                if cells[y * width + column].isContinuation, column > 0 { cells[y * width + column - 1] = .blank }
                cells[y * width + column] = Cell(character: character, style: style)
                if w == 2 { cells[y * width + column + 1] = Cell(character: " ", style: style, isContinuation: true) }
            }
            column += w
        }
        return column - x
    }

    /// Fills a rectangle's row range with a style (for highlight bars).
    public mutating func fill(x: Int, y: Int, width w: Int, style: Style) {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<min(width, x + w) where cells[y * width + column] == .blank {
            cells[y * width + column] = Cell(character: " ", style: style)
        }
    }

    /// A box with a title in its top border.
    public mutating func box(_ rect: Rect, title: String, titleStyle: Style = .bold) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let right = rect.x + rect.width - 1
        let bottom = rect.y + rect.height - 1
        put("┌" + String(repeating: "─", count: rect.width - 2) + "┐", x: rect.x, y: rect.y, style: .border)
        for row in rect.y + 1..<bottom {
            put("│", x: rect.x, y: row, style: .border)
            put("│", x: right, y: row, style: .border)
        }
        put("└" + String(repeating: "─", count: rect.width - 2) + "┘", x: rect.x, y: bottom, style: .border)
        if rect.width > 4 {
            put(
                " " + DisplayWidth.truncate(title, to: rect.width - 4) + " ", x: rect.x + 1, y: rect.y,
                style: titleStyle)
        }
    }

    /// The screen as text, one line a row, trailing blanks removed (golden files).
    public var text: String {
        var lines: [String] = []
        for y in 0..<height {
            var line = ""
            for x in 0..<width where !cells[y * width + x].isContinuation {
                line.append(cells[y * width + x].character)
            }
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A rectangle on the screen.
public struct Rect: Equatable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The area inside a box's border.
    public var inner: Rect { Rect(x: x + 1, y: y + 1, width: max(0, width - 2), height: max(0, height - 2)) }
}
