/// A line of text in runs of one style each.
public struct StyledLine: Equatable, Sendable {
    public var runs: [(String, Style)]
    /// What a click on this line selects (not part of how it looks, so not of `==`).
    public var target: PaneTarget?

    public init(_ runs: [(String, Style)] = []) { self.runs = runs }
    public init(_ text: String, _ style: Style = .plain) { runs = [(text, style)] }

    public static func == (lhs: StyledLine, rhs: StyledLine) -> Bool {
        lhs.runs.count == rhs.runs.count && zip(lhs.runs, rhs.runs).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    public mutating func append(_ text: String, _ style: Style = .plain) { runs.append((text, style)) }

    public var plainText: String { runs.map(\.0).joined() }

    /// The line with a click target.
    func targeting(_ target: PaneTarget?) -> StyledLine {
        var line = self
        line.target = target
        return line
    }
}

/// What a line of a pane stands for, so that a click on it selects that.
public enum PaneTarget: Equatable, Sendable {
    /// A browser, by index into the world's browsers.
    case browser(Int)
    /// A server, by number.
    case server(Int)
    /// A session (the browser that holds it is selected).
    case session(String)
    /// A step of the timeline (its lines in the trace), by index.
    case step(Int)
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
