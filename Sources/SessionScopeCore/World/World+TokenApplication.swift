/// The `jwt` application: no session table; the signed token the browser carries is the
/// session. Same routes and statuses as the session application (`Route`).
extension World {
    mutating func handleStateless(_ request: HTTPRequest, _ context: RequestContext) -> (HTTPResponse, String?) {
        switch Route.match(request.method, request.path) {
        case .route(.home):
            return (HTTPResponse(status: 200), recognisedUser(request))
        case .route(.me):
            let user = recognisedUser(request)
            return (HTTPResponse(status: user == nil ? 401 : 200), user)
        case .route(.login):
            return login(request)
        case .route(.logout):
            // The cookie goes; the token itself stays valid until `exp` (the revocation gap).
            return (
                HTTPResponse(status: 200, setCookies: ["\(TokenService.cookieName)=; Path=/; HttpOnly; Max-Age=0"]),
                nil
            )
        case .methodNotAllowed:
            return (HTTPResponse(status: 405), nil)
        case .notFound:
            return (HTTPResponse(status: 404), nil)
        }
    }

    /// The user whose valid token the request carries, or nil (with the reason as an event).
    private mutating func recognisedUser(_ request: HTTPRequest) -> String? {
        guard let token = request.cookie(named: TokenService.cookieName), !token.isEmpty else {
            if request.path == "/me" { emit(.tokenRejected(why: .missing)) }
            return nil
        }
        switch tokens.verify(token, now: unixSeconds) {
        case .success(let payload):
            let expires = Int64(payload.exp.value.timeIntervalSince1970)
            emit(.tokenAccepted(user: payload.sub.value, expires: expires))
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
        var cookie = "\(TokenService.cookieName)=\(token); Path=/; HttpOnly"
        if request.field("remember") == "on" { cookie += "; Max-Age=\(settings.remember.seconds)" }
        return (HTTPResponse(status: 200, setCookies: [cookie]), user)
    }
}
