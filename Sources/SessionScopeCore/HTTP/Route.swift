/// The application's routes: one table for the session and the token application, so the
/// two answer the same paths with the same statuses.
public enum Route: Equatable, Sendable {
    /// `GET /`: public.
    case home
    /// `GET /me`: the user, or 401.
    case me
    /// `POST /login`.
    case login
    /// `POST /logout`.
    case logout
    /// 1.1: `POST /cart item=X`: X appended to the session's cart (401 unless logged in).
    case addToCart
    /// 1.1: `GET /cart`: the cart (401 unless logged in).
    case cart
    /// 1.1: `POST /prefs theme=T`: the session's theme (401 unless logged in).
    case prefs

    /// What a method and path reach.
    public enum Match: Equatable, Sendable {
        case route(Route)
        /// A known path with the wrong method: 405.
        case methodNotAllowed
        /// Any other path: 404.
        case notFound
    }

    /// The route table.
    public static func match(_ method: HTTPRequest.Method, _ path: String) -> Match {
        switch (method, path) {
        case (.get, "/"): return .route(.home)
        case (.get, "/me"): return .route(.me)
        case (.post, "/login"): return .route(.login)
        case (.post, "/logout"): return .route(.logout)
        case (.post, "/cart"): return .route(.addToCart)
        case (.get, "/cart"): return .route(.cart)
        case (.post, "/prefs"): return .route(.prefs)
        case (_, "/"), (_, "/me"), (_, "/login"), (_, "/logout"), (_, "/prefs"): return .methodNotAllowed
        case (_, _): return .notFound
        }
    }
}
