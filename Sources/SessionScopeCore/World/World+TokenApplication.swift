/// The `jwt` application: no session table; the signed token the browser carries is the
/// session. Same routes and statuses as the session application (`Route`).
extension World {
    mutating func handleStateless(_ request: HTTPRequest, _ context: RequestContext) -> (HTTPResponse, String?) {
        switch Route.match(request.method, request.path) {
        case .route(.home):
            return (HTTPResponse(status: 200), recognisedUser(request, context))
        case .route(.me):
            let user = recognisedUser(request, context)
            return (HTTPResponse(status: user == nil ? 401 : 200), user)
        case .route(.login):
            return login(request)
        case .route(.addToCart), .route(.cart), .route(.prefs):
            // A token holds no cart or theme: the route answers, and nothing is kept.
            let user = recognisedUser(request, context)
            return (HTTPResponse(status: user == nil ? 401 : 200), user)
        case .route(.logout):
            // The cookie goes; the token itself stays valid until `exp` (the revocation gap),
            // unless the servers keep a denylist: state again.
            if settings.revocation == .denylist { revoke(request, context) }
            return (
                HTTPResponse(
                    status: 200,
                    setCookies: ["\(TokenService.cookieName)=; Path=/; HttpOnly\(cookieAttributes); Max-Age=0"]),
                nil
            )
        case .methodNotAllowed:
            return (HTTPResponse(status: 405), nil)
        case .notFound:
            return (HTTPResponse(status: 404), nil)
        }
    }

    /// The user whose valid token the request carries, or nil (with the reason as an event).
    private mutating func recognisedUser(_ request: HTTPRequest, _ context: RequestContext) -> String? {
        guard let token = request.cookie(named: TokenService.cookieName), !token.isEmpty else {
            if request.path == "/me" { emit(.tokenRejected(why: .missing)) }
            return nil
        }
        switch tokens.verify(token, now: unixSeconds) {
        case .success(let payload):
            if settings.revocation == .denylist, let jti = payload.jti?.value,
                denylists[context.server - 1].contains(jti)
            {
                emit(.tokenRejected(why: .revoked(jti: jti)))
                return nil
            }
            let expires = Int64(payload.exp.value.timeIntervalSince1970)
            emit(.tokenAccepted(user: payload.sub.value, expires: expires, jti: payload.jti?.value))
            return payload.sub.value
        case .failure(let why):
            emit(.tokenRejected(why: why))
            return nil
        }
    }

    /// `POST /login`: good credentials get a signed token in a cookie; nothing is stored.
    private mutating func login(_ request: HTTPRequest) -> (HTTPResponse, String?) {
        let user = request.field("user") ?? ""
        guard let password = accounts[user], password == request.field("password") else {
            emit(.loginFailed(user: user))
            return (HTTPResponse(status: 401), nil)
        }
        let (token, expires) = tokens.issue(user: user, now: unixSeconds, lifetime: settings.timeout)
        emit(.tokenIssued(user: user, expires: expires))
        var cookie = "\(TokenService.cookieName)=\(token); Path=/; HttpOnly\(cookieAttributes)"
        if request.field("remember") == "on" { cookie += "; Max-Age=\(settings.remember.seconds)" }
        return (HTTPResponse(status: 200, setCookies: [cookie]), user)
    }
}

extension World {
    /// `revocation=denylist`: logout lists the token's `jti` on the handling server and copies
    /// it to every live server. A token that does not verify has nothing worth listing.
    private mutating func revoke(_ request: HTTPRequest, _ context: RequestContext) {
        guard let token = request.cookie(named: TokenService.cookieName), !token.isEmpty,
            case .success(let payload) = tokens.verify(token, now: unixSeconds), let jti = payload.jti?.value
        else { return }
        denylists[context.server - 1].insert(jti)
        let peers = servers.filter { $0.isUp && $0.number != context.server }.map(\.number)
        for k in peers { denylists[k - 1].insert(jti) }
        emit(.tokenRevoked(jti: jti, server: context.server, copiedTo: peers))
    }

    /// The attributes the 1.1 settings add to the session and token cookies: `Secure` and
    /// `SameSite`; empty under the defaults, so the headers are as before.
    var cookieAttributes: String {
        var text = ""
        if settings.secure { text += "; Secure" }
        switch settings.sameSite {
        case .off: break
        case .lax: text += "; SameSite=Lax"
        case .strict: text += "; SameSite=Strict"
        case .none: text += "; SameSite=None"
        }
        return text
    }
}
