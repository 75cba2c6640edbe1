import SessionScopeCore
import SessionScopeScenario

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

    /// What the status line says before a move forward along the timeline that takes real
    /// time (a failover or `store lag` on the way; a crowd shows its own progress), or nil
    /// when the move is quick. A move back with a real store says what it does through its
    /// progress frames (`freshStore`), the first drawn before any work starts: never the
    /// failover's message, though the replay passes a failover.
    func slowSeekMessage(to target: Int) -> String? {
        guard pendingSeek == nil, target > timeline.position else { return nil }
        let end = min(target, timeline.statements.count)
        for statement in timeline.statements[timeline.position..<end] {
            guard case .command(let command) = statement.kind else { continue }
            switch command {
            case .storeFailover: return L10n.text("message.failoverWaiting", language)
            case .storeLag: return L10n.format("message.lagWaiting", language, statement.text)
            case .crowd, .crowdBots, .cluster, .addUser, .openBrowser, .request, .login, .logout, .sendRecorded,
                .close, .clear, .steal, .crossSiteRequest, .together, .tamper, .killServer, .startServer, .storeDown,
                .storeUp, .storeRestart, .advance, .pinned:
                continue
            }
        }
        return nil
    }

    /// What going back with a real store starts afresh: a Redis that sessionscope configured
    /// (replicas, Sentinel, maxmemory, persistence) is started again as new processes; any
    /// other Redis gets a fresh key space; SQLite a fresh table or file.
    var freshStore: WorkProgress.Fresh {
        let settings = world.settings
        guard settings.store == .redis else { return .store }
        return settings.replicas > 0 || settings.sentinel || settings.configuresRedis ? .processes : .keySpace
    }
}
