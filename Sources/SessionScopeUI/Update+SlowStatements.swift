extension AppModel {
    /// What the status line says while a typed statement that takes real time runs: the
    /// frame is drawn first (`pendingCommand`), so the screen says why it is still. A crowd of
    /// a million takes seconds; so do a failover (Sentinel agreeing, electing, promoting) and
    /// `store lag`'s `WAIT`.
    static func slowStatementMessage(_ text: String, language: String) -> String? {
        let words = text.split(separator: " ").map(String.init)
        if words.first == "crowd" { return L10n.format("message.running", language, text) }
        if words.starts(with: ["store", "failover"]) { return L10n.text("message.failoverWaiting", language) }
        if words.starts(with: ["store", "lag"]) { return L10n.format("message.lagWaiting", language, text) }
        return nil
    }

    /// What the status line says before a move along the timeline that runs `store failover`
    /// (forward: the statements up to the target; back: the world is rebuilt, so those from
    /// the start), or nil when the move is quick.
    func slowSeekMessage(to target: Int) -> String? {
        guard pendingSeek == nil, target != timeline.position else { return nil }
        let start = target > timeline.position ? timeline.position : 0
        let end = min(target, timeline.statements.count)
        guard start < end else { return nil }
        let runsFailover = timeline.statements[start..<end].contains {
            if case .command(.storeFailover) = $0.kind { return true }
            return false
        }
        return runsFailover ? L10n.text("message.failoverWaiting", language) : nil
    }
}
