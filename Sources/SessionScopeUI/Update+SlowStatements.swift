extension AppModel {
    /// What the status line says while a typed statement that takes real time runs: the
    /// frame is drawn first (`pendingCommand`), so the screen says why it is still. A crowd of
    /// a million takes seconds; so do a failover (Sentinel agreeing, electing, promoting) and
    /// `store lag`'s `WAIT`.
    static func slowStatementMessage(_ text: String) -> String? {
        let words = text.split(separator: " ").map(String.init)
        if words.first == "crowd" { return "running \(text)…" }
        if words.starts(with: ["store", "failover"]) {
            return "store failover: the primary is killed; waiting until the servers use the new primary…"
        }
        if words.starts(with: ["store", "lag"]) { return "\(text): waiting for the replicas (WAIT)…" }
        return nil
    }
}
