import SessionScopeCore

/// Renders events as the lines people read, in the transcript and the terminal UI's trace:
/// the exchange as on the wire (`>` request, `<` response), then transitions, each with why.
public enum EventText {
    /// The lines for one event. `epoch` is the world's (the `epoch` setting): token dates
    /// are shown as times on its clock.
    public static func lines(_ event: Event, epoch: Int64 = World.epochUnixSeconds) -> [String] {
        switch event {
        case .clusterBuilt(let settings):
            return ["cluster built: \(settings.summary)"]
        case .accountAdded(let user):
            return ["account added: \(user)"]
        case .serverCrashed(let k, let lost):
            return [
                "server-\(k) crashed: \(lost) session\(lost == 1 ? "" : "s") in its memory "
                    + "\(lost == 1 ? "is" : "are") lost"
            ]
        case .serverStarted(let k):
            return ["server-\(k) started with an empty memory"]
        case .serverAlreadyInState(let k, let up):
            return ["server-\(k) is already \(up ? "up" : "down"); nothing changes"]
        case .sessionsTransferred(let from, let to, let count):
            return [
                "server-\(to) copied \(count) session\(count == 1 ? "" : "s") from server-\(from) (state transfer on "
                    + "start)"
            ]
        case .storeWentDown:
            return ["the store is down: servers cannot reach it (its data is kept)"]
        case .storeCameUp:
            return ["the store is back up"]
        case .storeNotShared(let kind):
            return ["store=\(kind.rawValue) has no shared store; nothing changes"]
        case .storeRestarted(let how, let before, let after):
            func count(_ n: Int?) -> String { n.map { "\($0) session\($0 == 1 ? "" : "s")" } ?? "unreadable" }
            return ["store restarted: \(how); it held \(count(before)) before and holds \(count(after)) now"]
        case .storeFailed(let operation, let cause):
            return ["store error during \(operation): \(cause)"]
        case .storeOperation(let name, let microseconds):
            return ["  (\(name) \(formatLatency(microseconds)))"]
        case .storeLagChanged(let on, let replicas, let inSync):
            return lagLines(on: on, replicas: replicas, inSync: inSync)
        case .storeFailedOver(let failover):
            return failoverLines(failover)
        case .storeReplicationFailed(let statement, let cause):
            return ["\(statement): \(cause)"]
        case .browserOpened(let browser, let ip, let reopened):
            return [
                reopened
                    ? "\(browser) reopened (ip \(ip)); persistent cookies are still in the jar"
                    : "\(browser) opened (ip \(ip))"
            ]
        case .browserAlreadyOpen(let browser):
            return ["\(browser) is already open"]
        case .browserClosed(let browser):
            return ["\(browser) closed; no server is told"]
        case .cookieDropped(let browser, let name, let why):
            return [
                "\(browser)'s jar: \(name) gone (\(why.rawValue)\(why == .browserClosed ? ": a session cookie" : ""))"
            ]
        case .cookieSet(let browser, let cookie, let replaced):
            var traits = [cookie.expiry.map { "expires \(expiryText($0))" } ?? "session cookie"]
            if cookie.httpOnly { traits.append("HttpOnly") }
            if cookie.secureOnly { traits.append("Secure") }
            return [
                "\(browser)'s jar: \(replaced ? "replaced" : "stored") \(cookie.name)=\(abbreviate(cookie.value)) "
                    + "(\(traits.joined(separator: ", ")))"
            ]
        case .cookieDeleted(let browser, let name):
            return ["\(browser)'s jar: deleted \(name) (the server sent it already expired)"]
        case .cookieIgnored(let browser, let header, let why):
            return ["\(browser)'s jar: ignored Set-Cookie \"\(abbreviate(header))\": \(why)"]
        case .cookieExpired(let browser, let name):
            return ["\(browser)'s jar: \(name) expired and was removed"]
        case .cookieWithheld(let browser, let name, let why):
            if why == .httpOnly { return ["\(browser)'s jar: \(name) not readable by a script (HttpOnly)"] }
            return ["\(browser)'s jar: \(name) not sent (\(why.chromeName): \(withheldText(why)))"]
        case .cookiesStolen(let thief, let victim, let names):
            return names.isEmpty
                ? ["\(thief) found no cookies to copy from \(victim)"]
                : ["\(thief) copied \(victim)'s cookies: \(names.joined(separator: ", ")) (session hijacking)"]
        case .cookiesRead(let thief, let victim, let via, let blocked):
            switch via {
            case .copy: return ["\(thief) copies \(victim)'s jar"]
            case .script:
                return [
                    "\(thief)'s script on the site's page reads \(victim)'s document.cookie (HttpOnly cookies hidden)"
                ]
            case .network:
                return [
                    blocked
                        ? "\(thief) reads \(victim)'s requests on the wire: https, so only ciphertext; nothing to copy"
                        : "\(thief) reads \(victim)'s requests on the wire: plain http, every Cookie header in the "
                            + "clear"
                ]
            }
        case .botsCrawled(let first, let last, let requests, let sessions):
            let held = sessions.map(sessionCountText).joined(separator: ", ")
            return [
                "guest-\(first) … guest-\(last): bots without a cookie jar sent GET / \(requests) time"
                    + "\(requests == 1 ? "" : "s") each (\(last - first + 1) bots)"
                    + "; sessions: " + (held.isEmpty ? "none created" : held)
            ]
        case .sessionDataChanged(let id, let key, let value):
            return ["session \(id.short): \(key.rawValue) = \(value ?? "none") (not yet saved)"]
        case .sessionRevived(let id, let at):
            return ["\(at): session \(id.short) was destroyed meanwhile; the whole save brought it back"]
        case .cartShown(let browser, let items):
            return ["\(browser)'s cart: \(items.isEmpty ? "empty" : items.joined(separator: ","))"]
        case .sessionNotRevived(let id, let at):
            return ["\(at): session \(id.short) is gone; the delta save writes nothing (no session brought back)"]
        case .requestWaited(let browser, let holder, let id):
            return [
                "\(browser) waits: session \(id.short) is locked by \(holder)'s request (lock=on); it loads the "
                    + "session "
                    + "once that one has saved"
            ]
        case .sessionSaved(let id, let at, let changed):
            guard let changed else {
                return ["\(at): session \(id.short) saved whole (save=whole: it replaces what was stored)"]
            }
            let what =
                changed.isEmpty
                ? "only its access time"
                : changed.map(\.rawValue).joined(separator: ", ")
                    + " and its access time"
            return ["\(at): session \(id.short) saved: \(what) (save=delta)"]
        case .requestsTogether(let browsers):
            return ["together: \(browsers.joined(separator: ", ")) send at the same time"]
        case .sessionNotCreated(let at):
            return ["\(at): no session created (create=login: only a successful login makes one)"]
        case .tokenTampered(let browser, let change, let done):
            return [
                done
                    ? "\(browser) edited its token: \(change), without the server's key (signature not redone)"
                    : "\(browser) holds no token to tamper with"
            ]
        case .tokenRevoked(let jti, let k, let copiedTo):
            let peers = copiedTo.map { "server-\($0)" }.joined(separator: ", ")
            return [
                "server-\(k): token jti \(jti) put on the denylist" + (peers.isEmpty ? "" : ", copied to \(peers)")
                    + " (server state again: every server must hold the list)"
            ]
        case .denylistCopied(let from, let to, let count):
            return ["server-\(to) copied the denylist (\(count) token\(count == 1 ? "" : "s")) from server-\(from)"]
        case .crowdArrived(let first, let last, let loggedIn, let sessions):
            let held = sessions.map(sessionCountText).joined(separator: ", ")
            return [
                "guest-\(first) … guest-\(last) opened and visited /\(loggedIn ? ", then logged in" : "") "
                    + "(\(last - first + 1) browsers)"
                    + (held.isEmpty ? "" : "; sessions: \(held)")
            ]
        case .requestSent(let browser, let request):
            var lines = ["\(browser) > \(request.requestLine)"]
            lines.append("\(browser) > Cookie: \(request.cookieHeader ?? "(none)")")
            if !request.form.isEmpty { lines.append("\(browser) > \(request.formBody)") }
            return lines
        case .requestRouted(_, let server, let why):
            return ["balancer → server-\(server) (\(routeText(why, server: server)))"]
        case .requestRejected(let browser, let why):
            switch why {
            case .browserClosed: return ["\(browser) is closed: nothing was sent"]
            case .noLiveServer: return ["balancer: no live server → 503"]
            case .storeUnavailable(let cause):
                // An error reply (`redis: OOM ...`, 1.1) came from a store that was reached.
                if cause.hasPrefix("redis: ") { return ["the session store refused the request (\(cause)) → 503"] }
                return ["the server cannot reach the session store (\(cause)) → 503"]
            }
        case .responseReceived(let browser, _, let response):
            return ["\(browser) < \(response.statusLine)"]
                + response.setCookies.map { "\(browser) < Set-Cookie: \($0)" }
        case .sessionFound(let id, let user, let at):
            return ["\(at): session \(id.short) found (\(user.map { "user \($0)" } ?? "no user yet"))"]
        case .sessionMissed(let id, let why, let at):
            switch why {
            case .unknown:
                let shown = SessionID(hex: id)?.short ?? abbreviate(id)
                return [
                    at == .store
                        ? "store: no session \(shown)"
                        : "\(at): session \(shown) unknown here (another server's memory, lost, or swept)"
                ]
            case .malformed:
                return ["\(at): cookie value '\(abbreviate(id))' is not a session id"]
            case .evicted(let policy):
                let shown = SessionID(hex: id)?.short ?? abbreviate(id)
                return ["\(at): no session \(shown): evicted by redis: \(policy) (maxmemory reached)"]
            }
        case .sessionCreated(let id, let at):
            return ["\(at): new session \(id.short)"]
        case .sessionTouched(let id, let at):
            return ["\(at): session \(id.short) touched (idle timer restarts)"]
        case .sessionRegenerated(let old, let new, let at):
            return ["\(at): session \(old.short) moved to new id \(new.short) (regenerated at login)"]
        case .userBound(let id, let user):
            return ["session \(id.short) now belongs to \(user)"]
        case .loginFailed(let user):
            return ["login refused for '\(user)' (unknown user or wrong password)"]
        case .sessionDestroyed(let id, let at):
            return ["\(at): session \(id.short) destroyed (logout)"]
        case .sessionExpired(let id, let why, let at):
            return [
                "\(at): session \(id.short) expired (\(why == .idle ? "idle timeout" : "absolute lifetime")) and was "
                    + "removed"
            ]
        case .sessionReplicated(let id, let from, let to, let removed):
            let targets = to.map { "server-\($0)" }.joined(separator: ", ")
            return [
                removed
                    ? "server-\(from) removed session \(id.short) on \(targets) too (replication)"
                    : "server-\(from) copied session \(id.short) to \(targets) (replication)"
            ]
        case .sessionsSwept(let ids, let at):
            let shown = ids.prefix(4).map(\.short).joined(separator: ", ") + (ids.count > 4 ? ", …" : "")
            return ["sweep: \(at) removed \(ids.count) expired session\(ids.count == 1 ? "" : "s") (\(shown))"]
        case .tokenIssued(let user, let expires):
            return [
                "token signed (HS256) for \(user), exp \(virtualTime(expires, epoch: epoch)); "
                    + "nothing is stored on any server"
            ]
        case .tokenAccepted(let user, let expires, _):
            return ["token verified: signature valid, \(user), exp \(virtualTime(expires, epoch: epoch))"]
        case .tokenRejected(let why):
            switch why {
            case .missing: return ["no token: not logged in"]
            case .malformed: return ["token rejected: not a JWT"]
            case .badSignature: return ["token rejected: signature does not match"]
            case .expired(let exp): return ["token rejected: expired at \(virtualTime(exp, epoch: epoch))"]
            case .algNone: return ["token rejected: alg none is not accepted"]
            case .revoked(let jti):
                return ["token rejected: jti \(jti) is on this server's denylist (revoked at logout)"]
            }
        case .clockAdvanced(let to):
            return ["clock → \(to)"]
        }
    }

    static func routeText(_ why: RouteReason, server: Int) -> String {
        func skipped(_ list: [Int]) -> String {
            list.isEmpty ? "" : "; " + list.map { "server-\($0)" }.joined(separator: ", ") + " down, skipped"
        }
        switch why {
        case .roundRobin(let s): return "round robin: next in turn" + skipped(s)
        case .random: return "random pick (seeded)"
        case .ipHash(let ip, let s): return "ip-hash of \(ip)" + skipped(s)
        case .stickyCookie: return "sticky: LB cookie names server-\(server)"
        case .stickyNew(let s): return "sticky: no LB cookie yet, round robin, cookie set" + skipped(s)
        case .stickyDead(let named, let s):
            return "sticky: LB cookie names server-\(named), which is down; round robin, cookie rewritten" + skipped(s)
        case .leastSessions(let count): return "least sessions: holds \(count)"
        }
    }

    static func withheldText(_ why: CookieJar.Withheld) -> String {
        switch why {
        case .expired: return "expired"
        case .domain: return "domain does not match"
        case .path: return "path does not match"
        case .secure: return "Secure cookie over http"
        case .sameSiteStrict: return "SameSite=Strict, request from another site"
        case .sameSiteLax: return "SameSite=Lax, cross-site request that is not a GET"
        case .httpOnly: return "HttpOnly, hidden from scripts"
        }
    }

    /// A Unix time on the world's clock, as `H:MM:SS` since the start (the world's `epoch`).
    public static func virtualTime(_ unixSeconds: Int64, epoch: Int64 = World.epochUnixSeconds) -> String {
        Instant(milliseconds: (unixSeconds - epoch) * 1000).description
    }

    static func expiryText(_ unixMilliseconds: Int64) -> String {
        CivilTime(unixSeconds: unixMilliseconds / 1000).httpDate
    }

    /// Long values (ids, tokens) shortened for transitions; the wire lines keep them whole.
    public static func abbreviate(_ text: String, limit: Int = 24) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    public static func formatLatency(_ microseconds: Double) -> String {
        let ms = microseconds / 1000
        let hundredths = Int((ms * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) ms"
    }
}
