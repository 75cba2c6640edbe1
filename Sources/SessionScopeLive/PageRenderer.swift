import SessionScopeCore

/// The bodies of the application's answers over HTTP (live-mode.md, "The application over
/// HTTP"): an HTML page when the request accepts `text/html`, JSON for `/me`, plain text
/// otherwise. It only renders: every decision (status, cookies, user) was the world's.
struct PageRenderer {
    /// What the server that answered knows of the visitor after the request.
    struct Knowledge {
        var server: String
        var user: String?
        var session: String?
        var idleLeft: TimeSpan?
    }

    /// The body and its content type for a response to `method path`.
    static func body(
        method: HTTPRequest.Method, path: String, status: Int, html: Bool, knowledge: Knowledge
    ) -> (contentType: String, body: String) {
        if html { return ("text/html; charset=utf-8", page(method: method, path: path, status: status, knowledge)) }
        if method == .get && path == "/me" {
            let user = knowledge.user.map(json) ?? "null"
            let session = knowledge.session.map(json) ?? "null"
            return (
                "application/json",
                "{\"user\":\(user),\"server\":\(json(knowledge.server)),\"session\":\(session)}\n"
            )
        }
        return ("text/plain; charset=utf-8", "\(status) \(HTTPResponse.reason(status))\n")
    }

    private static func page(method: HTTPRequest.Method, path: String, status: Int, _ knowledge: Knowledge) -> String {
        let title: String
        var main: String
        switch (method, path, status) {
        case (.post, "/login", 200):
            title = "Logged in"
            main = "<p>Logged in as <strong>\(escape(knowledge.user ?? ""))</strong>.</p>"
        case (.post, "/login", _):
            title = "Login failed"
            main = "<p>Wrong user or password (\(status)).</p>"
        case (.post, "/logout", _):
            title = "Logged out"
            main = "<p>Logged out (\(status)).</p>"
        case (.get, "/", _), (.get, "/me", _):
            title = "sessionscope"
            main = """
                <form method="post" action="/login">
                <label>User <input name="user" autocomplete="username"></label>
                <label>Password <input name="password" type="password" autocomplete="current-password"></label>
                <label><input name="remember" type="checkbox" value="on"> Remember me</label>
                <button type="submit" id="login">Log in</button>
                </form>
                <form method="post" action="/logout"><button type="submit" id="logout">Log out</button></form>
                <p><a href="/me">/me</a></p>
                """
        default:
            title = "\(status) \(HTTPResponse.reason(status))"
            main = "<p>\(status) \(HTTPResponse.reason(status))</p>"
        }
        main += """

            <dl>
            <dt>User</dt><dd id="user">\(escape(knowledge.user ?? ""))</dd>
            <dt>Session</dt><dd id="session">\(escape(knowledge.session ?? ""))</dd>
            <dt>Server</dt><dd id="server">\(escape(knowledge.server))</dd>
            <dt>Idle time left</dt><dd id="idle">\(knowledge.idleLeft.map { "\($0)" } ?? "")</dd>
            <dt>Status</dt><dd id="status">\(status)</dd>
            </dl>
            <p><a href="/">Back to /</a></p>
            """
        return """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>\(title)</title><link rel="icon" href="data:,"></head>
            <body><h1>\(title)</h1>
            \(main)
            </body></html>

            """
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    static func json(_ text: String) -> String {
        // Ids, server names and most user names need no escape: one copy instead of one
        // append per character, on every `/me`.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
