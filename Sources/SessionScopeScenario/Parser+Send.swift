import SessionScopeCore

/// `NAME send METHOD PATH [cookie="..."] [k=v ...]` (scenario language 1.1): the request
/// exactly as recorded in live mode, with its own `Cookie` header, bypassing the jar.
extension Parser {
    /// Whether a line is a `send` statement (`NAME send ...`).
    static func isSend(_ tokens: [Token]) -> Bool {
        tokens.count >= 2 && !tokens[0].isQuoted && tokens[1].text == "send" && !tokens[1].isQuoted
    }

    /// Parses `NAME send METHOD PATH [cookie="..."] [k=v ...]`.
    func send(_ tokens: [Token]) throws(Diagnostic) -> Command {
        let head = tokens[0]
        let usage = "send needs a method and a path: \(head.text) send GET /me cookie=\"SID=...\""
        guard let open = shape.isOpen(head.text) else {
            throw sendError(head, "unknown browser '\(head.text)' (open it first with: browser \(head.text))")
        }
        guard open else {
            throw sendError(head, "browser '\(head.text)' is closed (reopen it with: browser \(head.text))")
        }
        guard tokens.count >= 4 else { throw sendError(tokens.last!, usage) }
        guard let method = HTTPRequest.Method(rawValue: tokens[2].text) else {
            throw sendError(tokens[2], "send takes the method GET or POST, not '\(tokens[2].raw)'")
        }
        let path = try self.path(tokens[3])
        var cookie: String?
        var form: [FormField] = []
        for token in tokens.dropFirst(4) {
            guard let (key, value) = Self.keyValue(token.text) else {
                throw sendError(token, "send takes cookie=\"...\" and form fields as key=value, not '\(token.raw)'")
            }
            if key == "cookie" && cookie == nil && form.isEmpty {
                cookie = value
            } else {
                form.append(FormField(key, value))
            }
        }
        return .sendRecorded(browser: head.text, method: method, path: path, cookie: cookie, form: form)
    }

    private func sendError(_ token: Token, _ message: String) -> Diagnostic {
        Diagnostic(file: file, location: token.location, message: message)
    }
}
