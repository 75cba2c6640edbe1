extension World {
    /// One request from a browser: the jar picks the cookies, the balancer picks a server,
    /// the application answers, and the jar stores what the response sets.
    mutating func send(from name: String, _ original: HTTPRequest) {
        guard let index = browserIndex.number(of: name) else { return }
        guard browsers[index].isOpen else {
            emit(.requestRejected(browser: name, why: .browserClosed))
            browsers[index].last = LastExchange(status: nil, server: nil, user: nil)
            return
        }
        var request = original
        var url = Self.site
        url.path = request.path
        let (header, withheld) = browsers[index].jar.header(for: url, now: unixMilliseconds)
        for (cookieName, why) in withheld {
            emit(.cookieWithheld(browser: name, name: cookieName, why: why))
        }
        request.cookieHeader = header
        emit(.requestSent(browser: name, request: request))

        guard let decision = balancer.route(request, from: browsers[index].ip, servers: servers, random: &random) else {
            emit(.requestRejected(browser: name, why: .noLiveServer))
            let response = HTTPResponse(status: 503)
            emit(.responseReceived(browser: name, server: nil, response: response))
            browsers[index].last = LastExchange(status: 503, server: nil, user: nil)
            return
        }
        emit(.requestRouted(browser: name, server: decision.server, why: decision.reason))
        browsers[index].lastRoute = BalancerRoute(server: decision.server, why: decision.reason)

        let context = RequestContext(browser: name, server: decision.server, clientIP: browsers[index].ip)
        var (response, user) =
            storePlacement == .nowhere
            ? handleStateless(request, context)
            : handleWithSession(request, context)
        if let sticky = decision.setCookie { response.setCookies.append(sticky) }
        emit(.responseReceived(browser: name, server: decision.server, response: response))

        for header in response.setCookies {
            switch browsers[index].jar.receive(header, from: url, now: unixMilliseconds) {
            case .stored(let cookie, let replaced):
                if let expiry = cookie.expiry { cookieExpiries.add(expiry, browser: index) }
                emit(.cookieSet(browser: name, cookie: cookie, replaced: replaced != nil))
            case .deleted(let cookieName, _):
                emit(.cookieDeleted(browser: name, name: cookieName))
            case .ignored(let why):
                emit(.cookieIgnored(browser: name, header: header, why: why))
            }
        }
        browsers[index].last = LastExchange(status: response.status, server: decision.server, user: user)
    }
}

/// Who sent a request and which server handles it.
struct RequestContext {
    var browser: String
    var server: Int
    var clientIP: IPv4
}
