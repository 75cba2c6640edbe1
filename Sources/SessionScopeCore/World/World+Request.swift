extension World {
    /// One request from a browser: the jar picks the cookies, the balancer picks a server,
    /// the application answers, and the jar stores what the response sets.
    ///
    /// The four steps are also public (`World+Steps.swift`), so that live mode runs the
    /// same code with a real socket between each of them.
    mutating func send(from name: String, _ original: HTTPRequest, fromSite site: String? = nil) {
        guard let index = browserIndex.number(of: name) else { return }
        guard let request = prepare(original, browser: index, fromSite: site) else { return }
        exchange(request, browser: index)
    }

    /// `NAME send ...`: exactly the request given (its own `Cookie` header), bypassing the jar.
    mutating func sendRecorded(from name: String, _ request: HTTPRequest) {
        guard let index = browserIndex.number(of: name) else { return }
        guard open(browser: index) else { return }
        emit(.requestSent(browser: name, request: request))
        observeSent(request, browser: index)
        exchange(request, browser: index)
    }

    /// Live mode's observed jars (live-mode.md, "Clients become browsers"): an outside
    /// client's (`client-K`, `anonymous`) jar shows its cookies as the cluster last saw them,
    /// those it sent, plus those set since. So its `send` makes the jar what was sent (a
    /// cookie it held already keeps what its `Set-Cookie` said about it), before the answer
    /// reaches it. No event: nothing reached the client. Other browsers' jars are bypassed.
    mutating func observeSent(_ request: HTTPRequest, browser index: Int) {
        guard Self.isOutsideClient(browsers[index].name) else { return }
        var sent: [(name: String, value: String)] = []
        for pair in (request.cookieHeader ?? "").split(separator: ";") {
            let trimmed = pair.drop { $0 == " " }
            guard let equals = trimmed.firstIndex(of: "="), equals != trimmed.startIndex else { continue }
            var value = trimmed[trimmed.index(after: equals)...]
            while value.last == " " { value = value.dropLast() }
            sent.append((String(trimmed[..<equals]), String(value)))
        }
        let jar = browsers[index].jar.cookies
        // The usual case (a client sending back what it was given) changes nothing.
        if jar.count == sent.count, sent.allSatisfy({ s in jar.contains { $0.name == s.name && $0.value == s.value } })
        {
            return
        }
        let held = browsers[index].jar.removeAll()
        let now = unixMilliseconds
        for (name, value) in sent {
            if let cookie = held.first(where: { $0.name == name && $0.value == value }) {
                browsers[index].jar.insertCopy(cookie)
            } else {
                _ = browsers[index].jar.receive(
                    "\(name)=\(value); Path=/" + (settings.https ? "; Secure" : ""), from: siteURL, now: now)
            }
        }
    }

    /// Whether a browser's name is one live mode gives an outside client (`client-K`,
    /// `anonymous`): its jar is observed, not owned.
    public static func isOutsideClient(_ name: String) -> Bool {
        if name == "anonymous" { return true }
        guard name.hasPrefix("client-"), let k = Int(name.dropFirst("client-".count)) else { return false }
        return k >= 1
    }

    /// Balancer, application and jar, for a request whose cookies are chosen.
    @inline(__always)
    private mutating func exchange(_ request: HTTPRequest, browser index: Int) {
        let ip = browsers[index].ip
        guard let decision = route(request, from: ip, browser: index) else {
            return deliver(HTTPResponse(status: 503), to: index, path: request.path, server: nil, user: nil)
        }
        var (response, user) = serve(
            request, atServer: decision.server, browser: browsers[index].name, clientIP: ip)
        if let sticky = decision.setCookie { response.setCookies.append(sticky) }
        deliver(response, to: index, path: request.path, server: decision.server, user: user)
    }

    /// Whether the browser can send; a closed one gets no answer at all.
    private mutating func open(browser index: Int) -> Bool {
        guard browsers[index].isOpen else {
            emit(.requestRejected(browser: browsers[index].name, why: .browserClosed))
            browsers[index].last = LastExchange(status: nil, server: nil, user: nil)
            return false
        }
        return true
    }

    /// Step 1: the jar picks the cookies; nil when the browser is closed. `site` is the other
    /// site whose page the request comes from (`from=SITE`), which `SameSite` cares about.
    mutating func prepare(_ original: HTTPRequest, browser index: Int, fromSite site: String? = nil) -> HTTPRequest? {
        guard open(browser: index) else { return nil }
        let name = browsers[index].name
        var request = original
        var url = siteURL
        url.path = request.path
        let crossSite = site.map { CookieJar.CrossSite(site: $0, isGet: original.method == .get) }
        let (header, withheld) = browsers[index].jar.header(for: url, now: unixMilliseconds, crossSite: crossSite)
        for (cookieName, why) in withheld {
            emit(.cookieWithheld(browser: name, name: cookieName, why: why))
        }
        request.cookieHeader = header
        emit(.requestSent(browser: name, request: request))
        return request
    }

    /// Step 2: the balancer's decision; nil (and the rejection) when no server is up.
    mutating func route(_ request: HTTPRequest, from ip: IPv4, browser index: Int) -> Balancer.Decision? {
        let name = browsers[index].name
        let routed =
            pin.map { balancer.pinned(request, to: $0, from: ip, servers: servers) }
            ?? balancer.route(request, from: ip, servers: servers, random: &random)
        guard let decision = routed else {
            emit(.requestRejected(browser: name, why: .noLiveServer))
            return nil
        }
        emit(.requestRouted(browser: name, server: decision.server, why: decision.reason))
        browsers[index].lastRoute = BalancerRoute(server: decision.server, why: decision.reason)
        return decision
    }

    /// Step 3: server K's application answers; also the user it recognised.
    mutating func serve(_ request: HTTPRequest, atServer k: Int, browser: String, clientIP: IPv4) -> (
        HTTPResponse, String?
    ) {
        let context = RequestContext(browser: browser, server: k, clientIP: clientIP)
        return storePlacement == .nowhere ? handleStateless(request, context) : handleWithSession(request, context)
    }

    /// Step 4: the response to a request for `path` reaches the browser; its jar stores what
    /// it sets (a cookie without `Path` takes its default from `path`).
    mutating func deliver(_ response: HTTPResponse, to index: Int, path: String, server: Int?, user: String?) {
        let name = browsers[index].name
        emit(.responseReceived(browser: name, server: server, response: response))
        var url = siteURL
        url.path = path
        for header in response.setCookies {
            switch browsers[index].jar.receive(header, from: url, now: unixMilliseconds) {
            case .stored(let cookie, let replaced):
                if let expiry = cookie.expiry { cookieExpiries.add(expiry, browser: index) }
                emit(.cookieSet(browser: name, cookie: cookie, replaced: replaced != nil))
            case .deleted(let cookieName, _):
                emit(.cookieDeleted(browser: name, name: cookieName))
            case .ignored(let why):
                emit(.cookieIgnored(browser: name, header: header, why: why.description))
            }
        }
        browsers[index].last = LastExchange(status: response.status, server: server, user: user)
    }
}

/// Who sent a request and which server handles it.
struct RequestContext {
    var browser: String
    var server: Int
    var clientIP: IPv4
}
