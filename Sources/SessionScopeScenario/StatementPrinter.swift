import SessionScopeCore

/// Turns a typed statement into scenario text: the one printer behind the terminal UI's keys,
/// its timeline and `w`. What it prints parses back to the same statement (a generated test
/// checks every kind), given what the parser could have produced in the first place: names
/// that are names, paths that start with `/`, positive durations, texts without line breaks,
/// and a `GET` without form fields.
public enum StatementPrinter {
    /// The statement as one scenario line.
    public static func text(_ kind: Statement.Kind) -> String {
        switch kind {
        case .title(let text): return "title " + quoted(text)
        case .command(let command): return self.text(command)
        case .say(let language, let text): return "say " + (language.map { $0 + " " } ?? "") + quoted(text)
        case .pause(let name): return "pause" + (name.map { " " + quoted($0) } ?? "")
        case .expect(let expectation):
            return "expect " + source(expectation.reference, expectation.op, expectation.value)
        }
    }

    /// A command as one scenario line.
    public static func text(_ command: Command) -> String {
        switch command {
        case .cluster(let settings): return (["cluster"] + clusterWords(settings)).joined(separator: " ")
        case .addUser(let name, let password): return "user \(name) \(word(password))"
        case .openBrowser(let name, let ip): return "browser \(name)" + (ip.map { " ip=\($0)" } ?? "")
        case .crowd(let count, let login): return "crowd \(count)" + (login ? " login=on" : "")
        case .request(let browser, .get, let path, _): return "\(browser) get \(word(path))"
        case .request(let browser, .post, let path, let form):
            return ([browser, "post", word(path)] + form.map { word($0.name) + "=" + word($0.value) })
                .joined(separator: " ")
        case .login(let browser, let user, let password, let remember):
            return "\(browser) login \(word(user))" + (password.map { " password=" + word($0) } ?? "")
                + (remember ? " remember=on" : "")
        case .sendRecorded(let browser, let method, let path, let cookie, let form):
            return
                ([browser, "send", method.rawValue, word(path)] + (cookie.map { ["cookie=" + word($0)] } ?? [])
                + form.map { word($0.name) + "=" + word($0.value) }).joined(separator: " ")
        case .logout(let browser): return "\(browser) logout"
        case .close(let browser): return "\(browser) close"
        case .clear(let browser): return "\(browser) clear"
        case .steal(let thief, let victim, let via):
            return "\(thief) steal \(word(victim))" + (via == .copy ? "" : " via=\(via.rawValue)")
        case .crossSiteRequest(let browser, let method, let path, let form, let site):
            return
                ([browser, method == .get ? "get" : "post", word(path)]
                + form.map { word($0.name) + "=" + word($0.value) } + ["from=\(site)"]).joined(separator: " ")
        case .together(let commands): return "together " + commands.map(text).joined(separator: " | ")
        case .crowdBots(let count, let requests):
            return "crowd \(count) bots=on" + (requests == 1 ? "" : " requests=\(requests)")
        case .tamper(let browser, .algNone): return "\(browser) tamper alg=none"
        case .tamper(let browser, .claim(let name, let value)): return "\(browser) tamper \(name)=\(word(value))"
        case .killServer(let k): return "\(ServerName.prefix)\(k) kill"
        case .startServer(let k): return "\(ServerName.prefix)\(k) start"
        case .storeDown: return "store down"
        case .storeUp: return "store up"
        case .storeRestart: return "store restart"
        case .storeLag(let on): return "store lag \(on ? "on" : "off")"
        case .storeFailover: return "store failover"
        case .advance(let span): return "advance \(span)"
        case .pinned(let inner, let server): return text(inner) + " via=" + (server.map { "server-\($0)" } ?? "none")
        }
    }

    /// `REF OP VALUE`, as an expectation's `source`.
    public static func source(_ reference: Reference, _ op: Operator, _ operand: Operand) -> String {
        let value: String
        switch operand {
        case .reference(let other): value = other.description
        case .literal(.word(let text)):
            // A bare word that reads as something else (a keyword, a number, a reference) is quoted.
            let plain = Parser.isName(text) && !["none", "true", "false", "clock"].contains(text)
            value = plain ? text : quoted(text)
        case .literal(let literal): value = literal.description
        }
        return "\(reference) \(op.rawValue) \(value)"
    }

    /// The `key=value` words of `cluster`: the four main keys always, the rest where they
    /// differ from the defaults (which is what a `cluster` without them means).
    static func clusterWords(_ settings: ClusterSettings) -> [String] {
        let defaults = ClusterSettings()
        var words = [
            "servers=\(settings.servers)", "balancer=\(settings.balancer.rawValue)",
            "store=\(settings.store.rawValue)", "timeout=\(settings.timeout)",
        ]
        if let absolute = settings.absolute { words.append("absolute=\(absolute)") }
        if settings.regenerate != defaults.regenerate {
            words.append("regenerate=\(settings.regenerate ? "on" : "off")")
        }
        if settings.cookieName != defaults.cookieName { words.append("cookie=" + word(settings.cookieName)) }
        if settings.remember != defaults.remember { words.append("remember=\(settings.remember)") }
        if settings.sweep != defaults.sweep { words.append("sweep=\(settings.sweep)") }
        if settings.seed != defaults.seed { words.append("seed=\(settings.seed)") }
        if settings.https { words.append("https=on") }
        if settings.secure { words.append("secure=on") }
        if settings.sameSite != defaults.sameSite { words.append("samesite=\(settings.sameSite.rawValue)") }
        if settings.create != defaults.create { words.append("create=\(settings.create.rawValue)") }
        if settings.revocation != defaults.revocation { words.append("revocation=\(settings.revocation.rawValue)") }
        if settings.save != defaults.save { words.append("save=\(settings.save.rawValue)") }
        if settings.lock { words.append("lock=on") }
        words += settings.redisWords
        if settings.replicas != defaults.replicas { words.append("replicas=\(settings.replicas)") }
        if settings.sentinel { words.append("sentinel=on") }
        if settings.epoch != defaults.epoch { words.append("epoch=\(settings.epochText)") }
        return words
    }

    /// The text as one token: bare when the lexer reads it back unchanged, quoted otherwise.
    public static func word(_ text: String) -> String {
        let special: Set<Unicode.Scalar> = [" ", "\t", "\"", "#", "\\", "\r"]
        let plain = !text.isEmpty && !text.unicodeScalars.contains { special.contains($0) }
        return plain ? text : quoted(text)
    }

    /// The text as a quoted string, with `"` and `\` escaped.
    public static func quoted(_ text: String) -> String {
        // Scalar by scalar, as the lexer reads: a combining mark must not merge with a quote.
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in text.unicodeScalars {
            if scalar == "\"" || scalar == "\\" { out.append("\\") }
            out.append(scalar)
        }
        out.append("\"")
        return String(out)
    }
}

extension Expectation {
    /// An expectation built in code; its `source` is what the printer writes.
    public init(reference: Reference, op: Operator, value: Operand) {
        self.init(
            reference: reference, op: op, value: value, source: StatementPrinter.source(reference, op, value))
    }
}
