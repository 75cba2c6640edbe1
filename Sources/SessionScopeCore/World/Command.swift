/// Something that happens to the world: what a scenario statement, a key press or the `:`
/// line asks for, already checked for syntax.
public enum Command: Equatable, Sendable {
    case cluster(ClusterSettings)
    case addUser(name: String, password: String)
    case openBrowser(name: String, ip: IPv4?)
    case crowd(count: Int, login: Bool)
    case request(browser: String, method: HTTPRequest.Method, path: String, form: [FormField])
    case login(browser: String, user: String, password: String?, remember: Bool)
    case logout(browser: String)
    /// `NAME send METHOD PATH [cookie="..."] [k=v ...]`: exactly this `Cookie` header (none
    /// when nil) and form, bypassing the jar; the response still reaches it (recordings).
    case sendRecorded(browser: String, method: HTTPRequest.Method, path: String, cookie: String?, form: [FormField])
    case close(browser: String)
    case clear(browser: String)
    case steal(thief: String, victim: String)
    case killServer(Int)
    case startServer(Int)
    case storeDown
    case storeUp
    case advance(TimeSpan)
}
