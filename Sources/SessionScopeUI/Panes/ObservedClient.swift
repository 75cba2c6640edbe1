import SessionScopeCore

/// Live mode's outside clients (`client-K`, `anonymous`) in the browsers pane: the observed
/// mark, the address the cluster saw and the User-Agent the client last sent. Every row of
/// one carries them (cut at the pane's edge); the selected one's are wrapped under its row,
/// so they show whole in either layout of the pane (BrowsersPane, BrowserList).
enum ObservedClient {
    /// "observed · address · User-Agent" (the address left out when the row shows it already,
    /// the mark first so that a cut row keeps it); nil for a browser that is not an outside client.
    static func mark(_ model: AppModel, _ browser: Browser, withAddress: Bool) -> String? {
        guard let agent = model.observedClients[browser.name] else { return nil }
        return L10n.text("browser.observed", model.language) + (withAddress ? " · \(browser.ip)" : "")
            + (agent.isEmpty ? "" : " · \(agent)")
    }

    /// The selected client's mark wrapped under its row, at most `limit` lines, the last cut
    /// with "…" when more would not fit; nothing for a browser that is not an outside client.
    static func block(
        _ model: AppModel, _ browser: Browser, withAddress: Bool, width: Int, limit: Int = .max
    ) -> [StyledLine] {
        guard let text = mark(model, browser, withAddress: withAddress), limit > 0 else { return [] }
        let indent = "    "
        let columns = max(10, width - indent.count)
        var wrapped = Format.wrap(text, width: columns)
        if wrapped.count > limit {
            // The next line joined on is wider than the line, so truncating marks the cut.
            let last = DisplayWidth.truncate(wrapped[limit - 1] + " " + wrapped[limit], to: columns)
            wrapped = Array(wrapped.prefix(limit - 1)) + [last]
        }
        return wrapped.map { StyledLine(indent + $0, .muted) }
    }
}
