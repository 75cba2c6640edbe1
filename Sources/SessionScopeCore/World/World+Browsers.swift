extension World {
    /// `browser NAME [ip=...]`: opens a new browser or reopens a closed one.
    mutating func openBrowser(_ name: String, ip: IPv4?) {
        if let index = browserIndex.number(of: name) {
            guard !browsers[index].isOpen else { return emit(.browserAlreadyOpen(browser: name)) }
            browsers[index].isOpen = true
            if let ip { browsers[index].ip = ip }
            emit(.browserOpened(browser: name, ip: browsers[index].ip, reopened: true))
            return
        }
        let address = ip ?? IPv4.defaultAddress(forBrowser: browsers.count + 1)
        browserIndex.add(name)
        browsers.append(Browser(name: name, ip: address))
        emit(.browserOpened(browser: name, ip: address, reopened: false))
    }

    /// `crowd N [login=on]`: N guests each visit `/`, and log in with their own account.
    /// Their individual events are not recorded (a crowd may be a million browsers).
    mutating func crowd(_ count: Int, login: Bool) throws(WorldError) {
        let (first, sessions) = try quietGuests(count) { world, name in
            world.send(from: name, HTTPRequest(method: .get, path: "/"))
            if login {
                world.accounts[name] = Self.defaultPassword
                world.send(
                    from: name,
                    HTTPRequest(
                        method: .post, path: "/login",
                        form: [FormField("user", name), FormField("password", Self.defaultPassword)]))
            }
        }
        emit(.crowdArrived(first: first, last: guestCount, loggedIn: login, sessions: sessions))
    }

    /// `crowd N bots=on [requests=K]`: N guests that keep no cookies each send `GET /` K
    /// times, as crawlers and health checks do. Quiet, as a crowd is.
    mutating func crowdBots(_ count: Int, requests: Int) throws(WorldError) {
        let (first, sessions) = try quietGuests(count) { world, name in
            for _ in 0..<requests {
                world.send(from: name, HTTPRequest(method: .get, path: "/"))
                // A bot keeps nothing the server set.
                if let index = world.browserIndex.number(of: name) { _ = world.browsers[index].jar.removeAll() }
            }
        }
        emit(.botsCrawled(first: first, last: guestCount, requests: requests, sessions: sessions))
    }

    /// What every kind of crowd does around its guests' visits: quiet while it runs (one event
    /// for the crowd, told by the caller), watched and cancellable by the driver, each guest
    /// numbered on from the last crowd and opened as a new browser, and counted as refused when
    /// the store failed any of its requests. `visit` is what one guest does; it gets the world
    /// (not captured: the loop holds `self`) and the guest's name. Returns the first guest's
    /// number and the crowd's session counts.
    private mutating func quietGuests(
        _ count: Int, visit: (_ world: inout World, _ guest: String) -> Void
    ) throws(WorldError) -> (first: Int, sessions: [SessionCount]) {
        let first = guestCount + 1
        let wasQuiet = quiet
        quiet = true
        quietTally = [:]
        var outcome = startCrowdOutcome()
        // A driver may watch a long crowd and cancel it (it then puts its world back).
        let progress = CrowdProgress.current
        for done in 0..<count {
            if let progress, !progress.shouldContinue(done, of: count) {
                quiet = wasQuiet
                throw .crowdCancelled(done, of: count)
            }
            let refusalsBefore = quietRefusals
            defer { if quietRefusals > refusalsBefore { outcome.refusedGuests += 1 } }
            guestCount += 1
            let name = "guest-\(guestCount)"
            openBrowser(name, ip: nil)
            visit(&self, name)
        }
        quiet = wasQuiet
        return (first, crowdSessions(outcome))
    }

    /// `NAME close`: session cookies are gone; the server does not hear of it.
    mutating func close(_ name: String) {
        guard let index = browserIndex.number(of: name) else { return }
        for cookie in browsers[index].jar.dropSessionCookies() {
            emit(.cookieDropped(browser: name, name: cookie.name, why: .browserClosed))
        }
        browsers[index].isOpen = false
        emit(.browserClosed(browser: name))
    }

    /// `NAME clear`: every cookie deleted.
    mutating func clear(_ name: String) {
        guard let index = browserIndex.number(of: name) else { return }
        for cookie in browsers[index].jar.removeAll() {
            emit(.cookieDropped(browser: name, name: cookie.name, why: .cleared))
        }
    }

    /// `NAME steal OTHER [via=...]`: OTHER's cookies copied into NAME's jar: every valid one
    /// (`copy`), those a script can read (`script`: no `HttpOnly`), or those OTHER's jar would
    /// send to the site now, when the wire is readable (`network`: nothing over https).
    mutating func steal(thief: String, victim: String, via: StealMethod = .copy) {
        guard let thiefIndex = browserIndex.number(of: thief), let victimIndex = browserIndex.number(of: victim) else {
            return
        }
        let now = unixMilliseconds
        var loot = browsers[victimIndex].jar.cookies.filter { !$0.isExpired(at: now) }
        switch via {
        case .copy:
            break
        case .script:
            emit(.cookiesRead(thief: thief, victim: victim, via: via, blocked: false))
            for cookie in loot where cookie.httpOnly {
                emit(.cookieWithheld(browser: victim, name: cookie.name, why: .httpOnly))
            }
            loot.removeAll(where: \.httpOnly)
        case .network:
            emit(.cookiesRead(thief: thief, victim: victim, via: via, blocked: settings.https))
            if settings.https {
                loot = []
            } else {
                var url = siteURL
                url.path = "/"
                // What the victim's next request to the site carries, as the wire shows it.
                let sent = browsers[victimIndex].jar.select(for: url, now: now).sent
                loot = sent
            }
        }
        for cookie in loot {
            browsers[thiefIndex].jar.insertCopy(cookie)
            if let expiry = cookie.expiry { cookieExpiries.add(expiry, browser: thiefIndex) }
        }
        emit(.cookiesStolen(thief: thief, victim: victim, names: loot.map(\.name)))
    }
}
