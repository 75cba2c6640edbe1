/// `server-K`: the one spelling of a server's name, read the same way by the scenario
/// language, the `:` line and the balancer's `LB` cookie.
public enum ServerName {
    public static let prefix = "server-"

    /// `server-3` → 3; nil for anything else, including `server-03`, `server-+3`, `server-`
    /// and a number too large for an `Int`.
    public static func number(_ text: some StringProtocol) -> Int? {
        guard text.hasPrefix(prefix) else { return nil }
        let digits = text.dropFirst(prefix.count)
        guard let first = digits.first, first != "0" || digits.count == 1,
            digits.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) })
        else { return nil }
        return Int(digits)
    }
}
