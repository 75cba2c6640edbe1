/// A point on the world's virtual clock, in milliseconds since the cluster was built.
///
/// The model never reads the wall clock: every decision about expiry is taken against
/// an `Instant`, so the same scenario always gives the same run.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since the start of the world.
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// The start of the world.
    public static let zero = Instant(milliseconds: 0)

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.milliseconds < rhs.milliseconds }
    public static func + (lhs: Instant, rhs: TimeSpan) -> Instant {
        Instant(milliseconds: lhs.milliseconds + rhs.milliseconds)
    }
    public static func - (lhs: Instant, rhs: Instant) -> TimeSpan {
        TimeSpan(milliseconds: lhs.milliseconds - rhs.milliseconds)
    }

    /// The clock as people read it: `H:MM:SS` (days are counted in hours).
    public var description: String {
        let totalSeconds = milliseconds / 1000
        let h = totalSeconds / 3600
        let m = (totalSeconds / 60) % 60
        let s = totalSeconds % 60
        let ms = milliseconds % 1000
        let base = "\(h):\(m < 10 ? "0" : "")\(m):\(s < 10 ? "0" : "")\(s)"
        return ms == 0 ? base : base + ".\(threeDigits(ms))"
    }
}

/// Three digits with leading zeros, without Foundation's formatter.
func threeDigits(_ value: Int64) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
}
