/// A length of virtual time, in milliseconds, written as in the scenario language:
/// one or more `<integer><unit>` groups with units `d h m s ms` (`90s`, `1h30m`).
public struct TimeSpan: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public static let zero = TimeSpan(milliseconds: 0)
    public static func milliseconds(_ v: Int64) -> TimeSpan { TimeSpan(milliseconds: v) }
    public static func seconds(_ v: Int64) -> TimeSpan { TimeSpan(milliseconds: v * 1000) }
    public static func minutes(_ v: Int64) -> TimeSpan { TimeSpan(milliseconds: v * 60_000) }
    public static func hours(_ v: Int64) -> TimeSpan { TimeSpan(milliseconds: v * 3_600_000) }
    public static func days(_ v: Int64) -> TimeSpan { TimeSpan(milliseconds: v * 86_400_000) }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.milliseconds < rhs.milliseconds }
    public static func + (lhs: TimeSpan, rhs: TimeSpan) -> TimeSpan {
        TimeSpan(milliseconds: lhs.milliseconds + rhs.milliseconds)
    }

    /// Whole seconds, rounded down (what `Max-Age` and JWT claims carry).
    public var seconds: Int64 { milliseconds / 1000 }

    private static let units: [(suffix: String, size: Int64)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1),
    ]

    /// The canonical spelling, largest unit first: `1h30m`, `14d`, `0s`.
    public var description: String {
        if milliseconds == 0 { return "0s" }
        var rest = milliseconds < 0 ? -milliseconds : milliseconds
        var text = milliseconds < 0 ? "-" : ""
        for (suffix, size) in Self.units where rest >= size {
            text += "\(rest / size)\(suffix)"
            rest %= size
        }
        return text
    }

    /// Parses the scenario language's duration syntax. Returns nil for anything else,
    /// including an empty string, a missing unit and an overflow.
    public init?(parsing text: some StringProtocol) {
        var total: Int64 = 0
        var index = text.startIndex
        guard !text.isEmpty else { return nil }
        while index < text.endIndex {
            var number: Int64 = 0
            var sawDigit = false
            while index < text.endIndex, let digit = text[index].wholeNumberValue, text[index].isASCII {
                let (times10, o1) = number.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.addingReportingOverflow(Int64(digit))
                if o1 || o2 { return nil }
                number = next
                sawDigit = true
                index = text.index(after: index)
            }
            guard sawDigit, index < text.endIndex else { return nil }
            let size: Int64
            if text[index...].hasPrefix("ms") {
                size = 1
                index = text.index(index, offsetBy: 2)
            } else {
                switch text[index] {
                case "d": size = 86_400_000
                case "h": size = 3_600_000
                case "m": size = 60_000
                case "s": size = 1000
                default: return nil
                }
                index = text.index(after: index)
            }
            let (part, o3) = number.multipliedReportingOverflow(by: size)
            let (sum, o4) = total.addingReportingOverflow(part)
            if o3 || o4 { return nil }
            total = sum
        }
        self.milliseconds = total
    }
}
