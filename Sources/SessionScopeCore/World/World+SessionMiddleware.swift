/// What the session cookie of a request holds.
enum PresentedSessionID {
    case none
    case valid(SessionID)
    case malformed(String)
}

/// One request as it passes through the session middleware: the session it runs with and
/// the cookies the response will set.
struct SessionExchange {
    var record: SessionRecord
    /// Whether the request brought a valid session (false: made by this request).
    var brought: Bool
    var setCookies: [String] = []
    /// Whether anything but the access time changed, so a touch would not do.
    var changed = false
    /// `create=login`: a session made by this request that exists only if the login succeeds.
    var pending = false
    /// The attributes the route changed (for `save=delta`).
    var changedAttributes: SessionAttributes = []
    /// Whether login moved the session to a new id (then it is written whole).
    var regenerated = false
    /// Whether other requests of a `together` may have changed the store since the load.
    var concurrent = false
}

/// The application every server runs for the session stores (`local`, `replicated`,
/// `sqlite`, `redis`): session middleware, then the route. The store behind it is whatever
/// the cluster's `SessionStore` is; nothing here asks its kind.
extension World {
    /// Session middleware and routes, in the steps a web framework runs them:
    /// 1. the store must be reachable; 2. find the session the cookie names; 3. logout
    /// destroys it and creates none; 4. every other request has a session afterwards
    /// (touched, or new); 5. the route; 6. the session is saved.
    mutating func handleWithSession(_ request: HTTPRequest, _ context: RequestContext) -> (HTTPResponse, String?) {
        // `openSession` then `runWithSession`, written out: this runs on every request, and the
        // enum between the two halves would be built and taken apart each time.
        if storePlacement == .shared && !storeIsUp {
            emit(.requestRejected(browser: context.browser, why: .storeUnavailable("the store is down")))
            return (HTTPResponse(status: 503), nil)
        }
        var step = StoreStep.load
        let found: SessionRecord?
        do {
            found = try findSession(request, context, &step)
        } catch {
            return storeFailed(error, step, context)
        }
        return runWithSession(request, context, found: found)
    }

    /// What the first half of the middleware (steps 1 and 2) leaves for the second.
    enum SessionLoad {
        /// The request is answered already (503: the store is down or failed).
        case answered((HTTPResponse, String?))
        /// The valid session the cookie named, if any.
        case loaded(SessionRecord?)
    }

    /// Steps 1 and 2: the store is reachable and the session is loaded. `together` runs this
    /// for every request of a group before any of them goes on.
    mutating func openSession(_ request: HTTPRequest, _ context: RequestContext) -> SessionLoad {
        if storePlacement == .shared && !storeIsUp {
            emit(.requestRejected(browser: context.browser, why: .storeUnavailable("the store is down")))
            return .answered((HTTPResponse(status: 503), nil))
        }
        var step = StoreStep.load
        do {
            return .loaded(try findSession(request, context, &step))
        } catch {
            return .answered(storeFailed(error, step, context))
        }
    }

    /// Steps 3 to 6, with the session loaded; `concurrent` when other requests of a
    /// `together` group loaded the same session meanwhile (then even an unchanged session
    /// is written back whole under `save=whole`, as the frameworks do). Inlined: it is the
    /// second half of every simulated request.
    @inline(__always)
    mutating func runWithSession(
        _ request: HTTPRequest, _ context: RequestContext, found: consuming SessionRecord?, concurrent: Bool = false
    ) -> (HTTPResponse, String?) {
        // What the middleware is doing with the store, named in the 503 if the store fails.
        var step = StoreStep.load
        do {
            let match = Route.match(request.method, request.path)
            if match == .route(.logout) {
                step = .delete
                // In a group, another request may have destroyed it already: nothing to destroy.
                let gone = concurrent && found.map { !isStored($0.id, server: context.server) } == true
                return (try logout(gone ? nil : found, context), nil)
            }
            var exchange = startExchange(found, context, lazy: settings.create == .login)
            exchange.concurrent = concurrent
            let status = try serve(match, request, &exchange, context, &step)
            if exchange.pending {
                // `create=login` and no successful login: no session, no Set-Cookie.
                emit(.sessionNotCreated(at: sessionLocation(server: context.server)))
                return (HTTPResponse(status: status), nil)
            }
            step = .save
            // `inout`, though nothing is changed: passed by value, the exchange was copied on every
            // request, and reading back the copy of what was just written stalled.
            try save(&exchange, server: context.server, concurrent: concurrent)
            return (HTTPResponse(status: status, setCookies: exchange.setCookies), exchange.record.user)
        } catch {
            return storeFailed(error, step, context)
        }
    }

    /// Step 6: the session written back as `save` says: whole (replacing what is stored),
    /// or only the attributes the request changed and its access time (never bringing back
    /// a session destroyed meanwhile). A new or regenerated session is always written whole.
    @inline(__always)
    private mutating func save(_ exchange: inout SessionExchange, server k: Int, concurrent: Bool) throws {
        if settings.save == .delta, exchange.brought, !exchange.regenerated {
            let location = sessionLocation(server: k)
            let written = try saveChanges(exchange.record, exchange.changedAttributes, server: k)
            if !written { return emit(.sessionNotRevived(id: exchange.record.id, at: location)) }
            if concurrent {
                let changed = SessionAttribute.allCases.filter {
                    exchange.changedAttributes.contains(SessionAttributes($0))
                }
                emit(.sessionSaved(id: exchange.record.id, at: location, changed: changed))
            }
            return
        }
        guard concurrent else {
            if !exchange.changed, touchLocally(exchange.record.id, lastAccess: exchange.record.lastAccess, server: k) {
                return
            }
            return try saveSession(exchange.record, server: k, touchOnly: !exchange.changed)
        }
        // A whole save in a group may write back a session destroyed meanwhile: it lives again.
        let location = sessionLocation(server: k)
        let revived = exchange.brought && !exchange.regenerated && !isStored(exchange.record.id, server: k)
        try saveSession(exchange.record, server: k)
        if revived { emit(.sessionRevived(id: exchange.record.id, at: location)) }
        // Shown only where saves can clash: the requests of a `together`.
        emit(.sessionSaved(id: exchange.record.id, at: location, changed: nil))
    }

    /// A store failure: the event naming the cause, and 503.
    private mutating func storeFailed(_ error: any Error, _ step: StoreStep, _ context: RequestContext) -> (
        HTTPResponse, String?
    ) {
        recordTimings()
        let cause = Self.cause(of: error)
        emit(.storeFailed(operation: step, cause: cause))
        emit(.requestRejected(browser: context.browser, why: .storeUnavailable(cause)))
        return (HTTPResponse(status: 503), nil)
    }

    /// Step 2: the session the cookie names, if it is still valid. An expired one is
    /// removed on the spot.
    @inline(__always)
    private mutating func findSession(
        _ request: HTTPRequest, _ context: RequestContext, _ step: inout StoreStep
    ) throws -> SessionRecord? {
        let location = sessionLocation(server: context.server)
        // Read in place: a valid id needs no `String` (this runs on every request).
        let presented =
            request.withCookieValue(named: settings.cookieName) { bytes -> PresentedSessionID in
                if bytes.isEmpty { return .none }
                return SessionID(hexBytes: bytes).map(PresentedSessionID.valid)
                    ?? .malformed(String(decoding: bytes, as: UTF8.self))
            } ?? .none
        switch presented {
        case .none:
            return nil
        case .malformed(let raw):
            emit(.sessionMissed(id: raw, why: .malformed, at: location))
            recordTimings()
            return nil
        case .valid(let id):
            defer { recordTimings() }
            guard let record = try loadSession(id, server: context.server) else {
                // The cookie's own spelling (ids parse in either case).
                let spelled = request.cookie(named: settings.cookieName) ?? id.description
                emit(.sessionMissed(id: spelled, why: missReason(id), at: location))
                return nil
            }
            switch record.validity(at: clock, settings.expiryRules) {
            case .valid:
                emit(.sessionFound(id: id, user: record.user, at: location))
                return record
            case .expired(let why):
                emit(.sessionExpired(id: id, why: why, at: location))
                step = .delete
                try deleteSession(id, server: context.server)
                return nil
            }
        }
    }

    /// Step 3: logout destroys the session and creates none; the cookie goes with `Max-Age=0`.
    private mutating func logout(_ session: SessionRecord?, _ context: RequestContext) throws -> HTTPResponse {
        if let session {
            try deleteSession(session.id, server: context.server)
            emit(.sessionDestroyed(id: session.id, at: sessionLocation(server: context.server)))
        }
        return HTTPResponse(
            status: 200, setCookies: ["\(settings.cookieName)=; Path=/; HttpOnly\(cookieAttributes); Max-Age=0"])
    }

    /// Step 4: the session the request runs with: the one it brought, touched, or a new one.
    @inline(__always)
    private mutating func startExchange(_ found: consuming SessionRecord?, _ context: RequestContext, lazy: Bool)
        -> SessionExchange
    {
        let location = sessionLocation(server: context.server)
        // Consumed: the record found moves into the exchange instead of being copied (a retain
        // and a release of its references, on every request).
        if var existing = consume found {
            existing.lastAccess = clock
            emit(.sessionTouched(id: existing.id, at: location))
            return SessionExchange(record: consume existing, brought: true)
        }
        let record = SessionRecord(
            id: SessionID(using: &random), created: clock, lastAccess: clock, clientIP: context.clientIP)
        if lazy {
            // Created for real only by a successful login (`login` below).
            return SessionExchange(
                record: record, brought: false, setCookies: [sessionCookie(record.id)], changed: true, pending: true)
        }
        emit(.sessionCreated(id: record.id, at: location))
        return SessionExchange(record: record, brought: false, setCookies: [sessionCookie(record.id)], changed: true)
    }

    /// Step 5: the route, with the session in hand; returns the status.
    @inline(__always)
    private mutating func serve(
        _ match: Route.Match, _ request: HTTPRequest, _ exchange: inout SessionExchange, _ context: RequestContext,
        _ step: inout StoreStep
    ) throws -> Int {
        switch match {
        case .route(.home): return 200
        case .route(.me): return exchange.record.user == nil ? 401 : 200
        case .route(.login): return try login(request, &exchange, context, &step)
        case .route(.addToCart), .route(.cart), .route(.prefs):
            return sessionData(match, request, &exchange, browser: context.browser)
        case .route(.logout): return 200  // handled before a session is made (step 3)
        case .methodNotAllowed: return 405
        case .notFound: return 404
        }
    }

    /// `POST /login` with a session: binds the user, regenerating the id first when the
    /// session came from the browser.
    private mutating func login(
        _ request: HTTPRequest, _ exchange: inout SessionExchange, _ context: RequestContext,
        _ step: inout StoreStep
    ) throws -> Int {
        let user = request.field("user") ?? ""
        guard let password = accounts[user], password == request.field("password") else {
            emit(.loginFailed(user: user))
            return 401
        }
        // A session the browser brought may be known to someone else (fixation): a new id
        // at login closes that door. A session made by this very request is already fresh.
        if settings.regenerate, exchange.brought {
            let old = exchange.record.id
            step = .delete
            // In a group, another request may have destroyed it already.
            let existed = !exchange.concurrent || isStored(old, server: context.server)
            try deleteSession(old, server: context.server)
            exchange.record.id = SessionID(using: &random)
            emit(.sessionRegenerated(old: old, new: exchange.record.id, at: sessionLocation(server: context.server)))
            exchange.setCookies = [sessionCookie(exchange.record.id)]
            exchange.regenerated = true
            if !existed { emit(.sessionCreated(id: exchange.record.id, at: sessionLocation(server: context.server))) }
        }
        if exchange.pending {
            exchange.pending = false
            emit(.sessionCreated(id: exchange.record.id, at: sessionLocation(server: context.server)))
        }
        exchange.record.user = user
        exchange.changed = true
        exchange.changedAttributes.insert(.user)
        emit(.userBound(id: exchange.record.id, user: user))
        if request.field("remember") == "on" {
            exchange.setCookies = [sessionCookie(exchange.record.id) + "; Max-Age=\(settings.remember.seconds)"]
        }
        return 200
    }

    func sessionCookie(_ id: SessionID) -> String {
        "\(settings.cookieName)=\(id); Path=/; HttpOnly\(cookieAttributes)"
    }
}

extension World {
    /// The 1.1 routes on a logged-in session: `POST /cart item=X` appends X, `POST /prefs
    /// theme=T` sets the theme, `GET /cart` shows the cart. 401 without a user.
    fileprivate mutating func sessionData(
        _ match: Route.Match, _ request: HTTPRequest, _ exchange: inout SessionExchange, browser: String
    ) -> Int {
        guard exchange.record.user != nil else { return 401 }
        switch match {
        case .route(.addToCart):
            exchange.record.data.cart.append(request.field("item") ?? "")
            exchange.changed = true
            exchange.changedAttributes.insert(.cart)
            emit(.sessionDataChanged(id: exchange.record.id, key: .cart, value: exchange.record.attribute(.cart)))
        case .route(.prefs):
            exchange.record.data.theme = request.field("theme")
            exchange.changed = true
            exchange.changedAttributes.insert(.theme)
            emit(.sessionDataChanged(id: exchange.record.id, key: .theme, value: exchange.record.attribute(.theme)))
        case .route(.cart):
            emit(.cartShown(browser: browser, items: exchange.record.data.cart))
        case .route(.home), .route(.me), .route(.login), .route(.logout), .methodNotAllowed, .notFound:
            break
        }
        return 200
    }
}

extension World {
    /// Whether the store holds a session of that id now, as server `k` sees it (for the
    /// requests of `together`, which loaded it before others ran). Not part of the run's timings.
    mutating func isStored(_ id: SessionID, server k: Int) -> Bool {
        defer { discardTimings() }
        return (try? store.peek(id, server: k, memory: servers)).flatMap { $0 } != nil
    }
}
