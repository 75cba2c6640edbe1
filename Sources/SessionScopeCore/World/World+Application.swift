/// What the session cookie of a request holds.
enum PresentedSessionID {
    case none
    case valid(SessionID)
    case malformed(String)
}

/// The application every server runs: `/`, `/me`, `/login`, `/logout`, behind session
/// middleware (for session stores) or token checks (for `jwt`).
extension World {
    /// The routes the application knows; anything else is 404, a known route with the
    /// wrong method 405.
    static let knownPaths: Set<String> = ["/", "/me", "/login", "/logout"]

    /// Session middleware and routes for `local`, `replicated`, `sqlite` and `redis`.
    mutating func handleWithSession(_ request: HTTPRequest, _ context: RequestContext) -> (HTTPResponse, String?) {
        let location: SessionLocation = settings.store.isShared ? .store : .server(context.server)
        if settings.store.isShared && !storeIsUp {
            emit(.requestRejected(browser: context.browser, why: .storeUnavailable("the store is down")))
            return (HTTPResponse(status: 503), nil)
        }
        var operation = "load"
        do {
            // 1. Find the session the cookie names, if it is still valid.
            var session: SessionRecord?
            // Read in place: a valid id needs no `String` (this runs on every request).
            let presented =
                request.withCookieValue(named: settings.cookieName) { bytes -> PresentedSessionID in
                    if bytes.isEmpty { return .none }
                    return SessionID(hexBytes: bytes).map(PresentedSessionID.valid)
                        ?? .malformed(String(decoding: bytes, as: UTF8.self))
                } ?? .none
            switch presented {
            case .none:
                break
            case .malformed(let raw):
                emit(.sessionMissed(id: raw, why: .malformed, at: location))
                recordTimings()
            case .valid(let id):
                if let record = try loadSession(id, server: context.server) {
                    switch record.validity(at: clock, timeout: settings.timeout, absolute: settings.absolute) {
                    case .valid:
                        session = record
                        emit(.sessionFound(id: id, user: record.user, at: location))
                    case .expired(let why):
                        emit(.sessionExpired(id: id, why: why, at: location))
                        operation = "delete"
                        try deleteSession(id, server: context.server)
                    }
                } else {
                    // The cookie's own spelling (ids parse in either case).
                    emit(
                        .sessionMissed(
                            id: request.cookie(named: settings.cookieName) ?? id.description, why: .unknown,
                            at: location))
                }
                recordTimings()
            }

            // 2. Logout destroys the session and creates none.
            if request.method == .post && request.path == "/logout" {
                if let session {
                    operation = "delete"
                    try deleteSession(session.id, server: context.server)
                    emit(.sessionDestroyed(id: session.id, at: location))
                }
                return (
                    HTTPResponse(status: 200, setCookies: ["\(settings.cookieName)=; Path=/; HttpOnly; Max-Age=0"]), nil
                )
            }

            // 3. Every other request has a session afterwards: touched, or new.
            var setCookies: [String] = []
            var record: SessionRecord
            if var existing = session {
                existing.lastAccess = clock
                record = existing
                emit(.sessionTouched(id: record.id, at: location))
            } else {
                record = SessionRecord(
                    id: SessionID(using: &random), created: clock, lastAccess: clock, clientIP: context.clientIP)
                emit(.sessionCreated(id: record.id, at: location))
                setCookies.append(sessionCookie(record.id))
            }

            // 4. The route.
            let status: Int
            switch (request.method, request.path) {
            case (.get, "/"):
                status = 200
            case (.get, "/me"):
                status = record.user == nil ? 401 : 200
            case (.post, "/login"):
                let user = request.field("user") ?? ""
                if let password = accounts[user], password == request.field("password") {
                    // A session the browser brought may be known to someone else (fixation):
                    // a new id at login closes that door. A session made by this very
                    // request is already fresh.
                    if settings.regenerate, session != nil {
                        let old = record.id
                        operation = "delete"
                        try deleteSession(old, server: context.server)
                        record.id = SessionID(using: &random)
                        emit(.sessionRegenerated(old: old, new: record.id, at: location))
                        setCookies = [sessionCookie(record.id)]
                    }
                    record.user = user
                    emit(.userBound(id: record.id, user: user))
                    if request.field("remember") == "on" {
                        setCookies = [sessionCookie(record.id) + "; Max-Age=\(settings.remember.seconds)"]
                    }
                    status = 200
                } else {
                    emit(.loginFailed(user: user))
                    status = 401
                }
            case (_, let path) where Self.knownPaths.contains(path):
                status = 405
            default:
                status = 404
            }
            operation = "save"
            try saveSession(record, server: context.server)
            return (HTTPResponse(status: status, setCookies: setCookies), record.user)
        } catch {
            recordTimings()
            let cause = Self.cause(of: error)
            emit(.storeFailed(operation: operation, cause: cause))
            emit(.requestRejected(browser: context.browser, why: .storeUnavailable(cause)))
            return (HTTPResponse(status: 503), nil)
        }
    }

    func sessionCookie(_ id: SessionID) -> String {
        "\(settings.cookieName)=\(id); Path=/; HttpOnly"
    }

    /// The `jwt` application: no session table; the token is the session.
    mutating func handleStateless(_ request: HTTPRequest, _ context: RequestContext) -> (HTTPResponse, String?) {
        func recognised() -> String? {
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
        switch (request.method, request.path) {
        case (.get, "/"):
            return (HTTPResponse(status: 200), recognised())
        case (.get, "/me"):
            let user = recognised()
            return (HTTPResponse(status: user == nil ? 401 : 200), user)
        case (.post, "/login"):
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
        case (.post, "/logout"):
            // The cookie goes; the token itself stays valid until `exp` (the revocation gap).
            return (
                HTTPResponse(status: 200, setCookies: ["\(TokenService.cookieName)=; Path=/; HttpOnly; Max-Age=0"]), nil
            )
        case (_, let path) where Self.knownPaths.contains(path):
            return (HTTPResponse(status: 405), nil)
        default:
            return (HTTPResponse(status: 404), nil)
        }
    }
}
