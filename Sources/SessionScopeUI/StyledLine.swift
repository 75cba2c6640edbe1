/// A line of text in runs of one style each.
public struct StyledLine: Equatable, Sendable {
    public var runs: [(String, Style)]

    public init(_ runs: [(String, Style)] = []) { self.runs = runs }
    public init(_ text: String, _ style: Style = .plain) { runs = [(text, style)] }

    public static func == (lhs: StyledLine, rhs: StyledLine) -> Bool {
        lhs.runs.count == rhs.runs.count && zip(lhs.runs, rhs.runs).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    public mutating func append(_ text: String, _ style: Style = .plain) { runs.append((text, style)) }

    public var plainText: String { runs.map(\.0).joined() }
}

extension Screen {
    /// Draws lines into a rectangle, clipped; a line's style fills to the edge when `fill`.
    mutating func draw(_ lines: [StyledLine], in rect: Rect) {
        for (row, line) in lines.prefix(rect.height).enumerated() {
            var x = rect.x
            for (text, style) in line.runs {
                let remaining = rect.x + rect.width - x
                guard remaining > 0 else { break }
                x += put(text, x: x, y: rect.y + row, style: style, maxWidth: remaining)
            }
        }
    }
}
