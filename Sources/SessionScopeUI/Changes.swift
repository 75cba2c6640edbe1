import SessionScopeCore

/// What the last step touched, read from its events, for highlighting.
struct Changes {
    var browsers: Set<String> = []
    var servers: Set<Int> = []
    var sessions: Set<SessionID> = []
    var store = false
    var balancer = false

    init(_ events: [Event]) {
        for event in events {
            switch event {
            case .browserOpened(let b, _, _), .browserClosed(let b), .cookieDropped(let b, _, _),
                .cookieSet(let b, _, _),
                .cookieDeleted(let b, _), .cookieExpired(let b, _), .requestSent(let b, _),
                .responseReceived(let b, _, _):
                browsers.insert(b)
            case .cookiesStolen(let thief, _, _), .tokenTampered(let thief, _, _):
                browsers.insert(thief)
            case .botsCrawled(_, _, _, let counts):
                for count in counts { mark(count.at) }
            case .requestRouted(_, let k, _):
                servers.insert(k)
                balancer = true
            case .serverCrashed(let k, _), .serverStarted(let k):
                servers.insert(k)
            case .sessionsTransferred(_, let to, _):
                servers.insert(to)
            case .storeWentDown, .storeCameUp, .storeFailed, .storeRestarted, .storeLagChanged, .storeFailedOver,
                .storeReplicationFailed:
                store = true
            case .sessionCreated(let id, let at), .sessionTouched(let id, let at), .sessionFound(let id, _, let at),
                .sessionDestroyed(let id, let at), .sessionExpired(let id, _, let at):
                sessions.insert(id)
                mark(at)
            case .sessionRegenerated(let old, let new, let at):
                sessions.formUnion([old, new])
                mark(at)
            case .sessionReplicated(let id, let from, let to, _):
                sessions.insert(id)
                servers.insert(from)
                servers.formUnion(to)
            case .sessionsSwept(let ids, let at):
                sessions.formUnion(ids)
                mark(at)
            case .userBound(let id, _), .sessionDataChanged(let id, _, _):
                sessions.insert(id)
            case .sessionSaved(let id, let at, _), .sessionRevived(let id, let at):
                sessions.insert(id)
                mark(at)
            case .crowdArrived(_, _, _, let counts):
                for count in counts { mark(count.at) }
            case .serverAlreadyInState(let k, _):
                servers.insert(k)
            case .sessionMissed(_, _, let at):
                mark(at)
            case .clusterBuilt, .accountAdded, .storeNotShared, .storeOperation, .browserAlreadyOpen, .cookieIgnored,
                .cookieWithheld, .requestRejected, .loginFailed, .tokenIssued, .tokenAccepted, .tokenRejected,
                .clockAdvanced, .cookiesRead, .sessionNotCreated, .tokenRevoked, .denylistCopied,
                .cartShown, .sessionNotRevived, .requestWaited, .requestsTogether:
                // Nothing a pane holds changed (the trace shows these).
                break
            }
        }
    }

    private mutating func mark(_ location: SessionLocation) {
        switch location {
        case .server(let k): servers.insert(k)
        case .store: store = true
        }
    }
}
