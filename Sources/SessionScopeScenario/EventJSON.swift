import SessionScopeCore

/// The JSON form of each event: its kind (the case name) and its fields.
public enum EventJSON {
    public static func fields(_ event: Event) -> (String, [(String, JSON)]) {
        func s(_ v: String) -> JSON { .string(v) }
        func i(_ v: Int) -> JSON { .int(Int64(v)) }
        func at(_ location: SessionLocation) -> (String, JSON) { ("at", s(location.description)) }
        switch event {
        case .clusterBuilt(let c): return ("clusterBuilt", [("settings", s(c.summary))])
        case .accountAdded(let user): return ("accountAdded", [("user", s(user))])
        case .serverCrashed(let k, let lost): return ("serverCrashed", [("server", i(k)), ("sessions_lost", i(lost))])
        case .serverStarted(let k): return ("serverStarted", [("server", i(k))])
        case .serverAlreadyInState(let k, let up):
            return ("serverAlreadyInState", [("server", i(k)), ("up", .bool(up))])
        case .sessionsTransferred(let from, let to, let count):
            return ("sessionsTransferred", [("from", i(from)), ("to", i(to)), ("count", i(count))])
        case .storeWentDown: return ("storeWentDown", [])
        case .storeCameUp: return ("storeCameUp", [])
        case .storeNotShared(let kind): return ("storeNotShared", [("store", s(kind.rawValue))])
        case .storeRestarted(let how, let before, let after):
            return (
                "storeRestarted",
                [("how", s(how)), ("before", before.map(i) ?? .null), ("after", after.map(i) ?? .null)]
            )
        case .storeFailed(let op, let cause):
            return ("storeFailed", [("operation", s(op.rawValue)), ("cause", s(cause))])
        case .storeOperation(let name, let us):
            return ("storeOperation", [("operation", s(name)), ("microseconds", .double(us))])
        case .storeLagChanged(let on, let replicas, let inSync):
            return (
                "storeLagChanged", [("on", .bool(on)), ("replicas", i(replicas)), ("in_sync", inSync.map(i) ?? .null)]
            )
        case .storeFailedOver(let failover):
            return (
                "storeFailedOver",
                [
                    ("from", s("store-\(failover.from)")), ("to", s("store-\(failover.to)")),
                    ("by", s(failover.method.rawValue)), ("unsent_bytes", .int(failover.unsentBytes)),
                    ("same_history", .bool(failover.sameHistory)),
                    ("lost_sessions", failover.lostSessions.map(i) ?? .null),
                    ("stale_sessions", failover.staleSessions.map(i) ?? .null),
                ]
            )
        case .storeReplicationFailed(let statement, let cause):
            return ("storeReplicationFailed", [("statement", s(statement)), ("cause", s(cause))])
        case .browserOpened(let b, let ip, let reopened):
            return ("browserOpened", [("browser", s(b)), ("ip", s(ip.description)), ("reopened", .bool(reopened))])
        case .browserAlreadyOpen(let b): return ("browserAlreadyOpen", [("browser", s(b))])
        case .browserClosed(let b): return ("browserClosed", [("browser", s(b))])
        case .cookieDropped(let b, let name, let why):
            return ("cookieDropped", [("browser", s(b)), ("name", s(name)), ("why", s(why.rawValue))])
        case .cookieSet(let b, let cookie, let replaced):
            return (
                "cookieSet",
                [
                    ("browser", s(b)), ("name", s(cookie.name)), ("value", s(cookie.value)),
                    ("expires_unix_ms", cookie.expiry.map { .int($0) } ?? .null), ("http_only", .bool(cookie.httpOnly)),
                    ("secure", .bool(cookie.secureOnly)), ("path", s(cookie.path)), ("replaced", .bool(replaced)),
                ]
            )
        case .cookieDeleted(let b, let name): return ("cookieDeleted", [("browser", s(b)), ("name", s(name))])
        case .cookieIgnored(let b, let header, let why):
            return ("cookieIgnored", [("browser", s(b)), ("header", s(header)), ("why", s(why))])
        case .cookieExpired(let b, let name): return ("cookieExpired", [("browser", s(b)), ("name", s(name))])
        case .cookieWithheld(let b, let name, let why):
            return (
                "cookieWithheld",
                [
                    ("browser", s(b)), ("name", s(name)), ("why", s(EventText.withheldText(why))),
                    ("reason", s(why.chromeName)),
                ]
            )
        case .cookiesRead(let thief, let victim, let via, let blocked):
            return (
                "cookiesRead",
                [("thief", s(thief)), ("victim", s(victim)), ("via", s(via.rawValue)), ("blocked", .bool(blocked))]
            )
        case .botsCrawled(let first, let last, let requests, let sessions):
            return (
                "botsCrawled",
                [
                    ("first", i(first)), ("last", i(last)), ("requests", i(requests)),
                    ("sessions", .object(sessions.map { ($0.at.description, i($0.change)) })),
                ] + storeOutcomeFields(sessions)
            )
        case .sessionNotCreated(let location): return ("sessionNotCreated", [at(location)])
        case .sessionDataChanged(let id, let key, let value):
            return (
                "sessionDataChanged",
                [("id", s(id.description)), ("key", s(key.rawValue)), ("value", value.map(s) ?? .null)]
            )
        case .sessionRevived(let id, let location):
            return ("sessionRevived", [("id", s(id.description)), at(location)])
        case .cartShown(let b, let items): return ("cartShown", [("browser", s(b)), ("items", .array(items.map(s)))])
        case .sessionNotRevived(let id, let location):
            return ("sessionNotRevived", [("id", s(id.description)), at(location)])
        case .requestWaited(let b, let holder, let id):
            return ("requestWaited", [("browser", s(b)), ("holder", s(holder)), ("id", s(id.description))])
        case .sessionSaved(let id, let location, let changed):
            return (
                "sessionSaved",
                [
                    ("id", s(id.description)), at(location),
                    ("changed", changed.map { .array($0.map { s($0.rawValue) }) } ?? .null),
                ]
            )
        case .requestsTogether(let browsers): return ("requestsTogether", [("browsers", .array(browsers.map(s)))])
        case .tokenTampered(let b, let change, let done):
            return ("tokenTampered", [("browser", s(b)), ("change", s(change)), ("done", .bool(done))])
        case .tokenRevoked(let jti, let k, let copiedTo):
            return ("tokenRevoked", [("jti", s(jti)), ("server", i(k)), ("copied_to", .array(copiedTo.map(i)))])
        case .denylistCopied(let from, let to, let count):
            return ("denylistCopied", [("from", i(from)), ("to", i(to)), ("count", i(count))])
        case .cookiesStolen(let thief, let victim, let names):
            return ("cookiesStolen", [("thief", s(thief)), ("victim", s(victim)), ("names", .array(names.map(s)))])
        case .crowdArrived(let first, let last, let loggedIn, let sessions):
            return (
                "crowdArrived",
                [
                    ("first", i(first)), ("last", i(last)), ("logged_in", .bool(loggedIn)),
                    ("sessions", .object(sessions.map { ($0.at.description, i($0.change)) })),
                ] + storeOutcomeFields(sessions)
            )
        case .requestSent(let b, let r):
            return (
                "requestSent",
                [
                    ("browser", s(b)), ("method", s(r.method.rawValue)), ("path", s(r.path)),
                    ("cookie", r.cookieHeader.map(s) ?? .null), ("form", s(r.formBody)),
                ]
            )
        case .requestRouted(let b, let k, let why):
            return (
                "requestRouted", [("browser", s(b)), ("server", i(k)), ("why", s(EventText.routeText(why, server: k)))]
            )
        case .requestRejected(let b, let why):
            let reason: String
            switch why {
            case .browserClosed: reason = "browser closed"
            case .noLiveServer: reason = "no live server"
            case .storeUnavailable(let cause): reason = "store unavailable: \(cause)"
            }
            return ("requestRejected", [("browser", s(b)), ("why", s(reason))])
        case .responseReceived(let b, let k, let r):
            return (
                "responseReceived",
                [
                    ("browser", s(b)), ("server", k.map(i) ?? .null), ("status", i(r.status)),
                    ("set_cookie", .array(r.setCookies.map(s))),
                ]
            )
        case .sessionFound(let id, let user, let location):
            return ("sessionFound", [("id", s(id.description)), ("user", user.map(s) ?? .null), at(location)])
        case .sessionMissed(let id, let why, let location):
            let reason: String
            switch why {
            case .unknown: reason = "unknown"
            case .malformed: reason = "malformed"
            case .evicted(let policy): reason = "evicted by redis: \(policy)"
            }
            return ("sessionMissed", [("id", s(id)), ("why", s(reason)), at(location)])
        case .sessionCreated(let id, let location):
            return ("sessionCreated", [("id", s(id.description)), at(location)])
        case .sessionTouched(let id, let location):
            return ("sessionTouched", [("id", s(id.description)), at(location)])
        case .sessionRegenerated(let old, let new, let location):
            return ("sessionRegenerated", [("old", s(old.description)), ("new", s(new.description)), at(location)])
        case .userBound(let id, let user): return ("userBound", [("id", s(id.description)), ("user", s(user))])
        case .loginFailed(let user): return ("loginFailed", [("user", s(user))])
        case .sessionDestroyed(let id, let location):
            return ("sessionDestroyed", [("id", s(id.description)), at(location)])
        case .sessionExpired(let id, let why, let location):
            return ("sessionExpired", [("id", s(id.description)), ("why", s(why.rawValue)), at(location)])
        case .sessionReplicated(let id, let from, let to, let removed):
            return (
                "sessionReplicated",
                [("id", s(id.description)), ("from", i(from)), ("to", .array(to.map(i))), ("removed", .bool(removed))]
            )
        case .sessionsSwept(let ids, let location):
            return ("sessionsSwept", [("ids", .array(ids.map { s($0.description) })), at(location)])
        case .tokenIssued(let user, let exp): return ("tokenIssued", [("user", s(user)), ("exp", .int(exp))])
        case .tokenAccepted(let user, let exp, _): return ("tokenAccepted", [("user", s(user)), ("exp", .int(exp))])
        case .tokenRejected(let why):
            let reason: String
            switch why {
            case .missing: reason = "missing"
            case .malformed: reason = "malformed"
            case .badSignature: reason = "bad signature"
            case .expired: reason = "expired"
            case .algNone: reason = "alg none"
            case .revoked: reason = "revoked"
            }
            return ("tokenRejected", [("why", s(reason))])
        case .clockAdvanced(let to):
            // Not `clock_ms`: every JSON line already has that (the clock before the statement).
            return ("clockAdvanced", [("to_ms", .int(to.milliseconds))])
        }
    }

    /// A crowd's 503s and evictions at a real store (1.1), only when there were any: a run
    /// where nothing failed reads as before.
    static func storeOutcomeFields(_ sessions: [SessionCount]) -> [(String, JSON)] {
        guard let store = sessions.first(where: { $0.refused > 0 || $0.evicted > 0 }) else { return [] }
        return [
            ("refused", .int(Int64(store.refused))), ("refused_cause", store.cause.map(JSON.string) ?? .null),
            ("evicted", .int(Int64(store.evicted))),
        ]
    }
}
