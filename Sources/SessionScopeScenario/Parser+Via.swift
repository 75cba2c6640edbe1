import SessionScopeCore

/// `REQUEST via=server-K` (an extension for recordings of live runs behind nginx or
/// HAProxy, live-mode.md "Recording"): the request goes to server K, whatever the balancer's
/// policy would pick. `via=none`: the engine answered itself (no server).
extension Parser {
    /// The statements that may carry a pin: those that send one request.
    static let pinnable: Set<String> = ["get", "post", "login", "logout", "send"]

    /// The line's tokens without a trailing `via=server-K` or `via=none`, and the server
    /// (nil for `none`); nil when the line carries no pin. A `via=` whose value is neither
    /// is left alone (a `post` may have a form field named `via`).
    func pin(in tokens: [Token]) throws(Diagnostic) -> (tokens: [Token], server: Int?)? {
        guard tokens.count >= 3, let last = tokens.last, !last.isQuoted, !tokens[1].isQuoted,
            Self.pinnable.contains(tokens[1].text), last.text.hasPrefix("via=")
        else { return nil }
        let value = String(last.text.dropFirst("via=".count))
        if value == "none" { return (Array(tokens.dropLast()), nil) }
        guard value.hasPrefix(ServerName.prefix) else { return nil }
        guard let k = Self.serverNumber(value), k >= 1, k <= shape.servers else {
            throw Diagnostic(
                file: file, location: last.location,
                message: "via= names a server of the cluster (server-1 ... server-\(shape.servers)) or none, "
                    + "not '\(value)'")
        }
        return (Array(tokens.dropLast()), k)
    }
}
