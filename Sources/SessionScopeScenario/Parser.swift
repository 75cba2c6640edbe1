import SessionScopeCore

/// Parses scenario lines into statements and checks them statically, in order: names must
/// be known where they are used (browsers opened since the last `cluster`, servers inside
/// the cluster), settings and references must make sense. The first error stops the parse;
/// nothing of a file with an error runs.
public struct Parser {
    public let file: String
    /// What the statements so far have made of the world's shape.
    public private(set) var shape = WorldShape()
    /// Settings forced onto every `cluster` (the command line's `--servers` ...): a `cluster`
    /// statement keeps what it says, but the shape it leaves has the forced number of servers.
    public let overrides: [(String, String)]

    public init(file: String, shape: WorldShape = WorldShape(), overrides: [(String, String)] = []) {
        self.file = file
        self.shape = shape
        self.overrides = overrides
    }

    /// Parses a whole scenario source; `overrides` are the command line's forced settings
    /// (`--store` ...), checked against what each `cluster` line says.
    public static func parse(file: String, bytes: [UInt8], overrides: [(String, String)] = []) throws(Diagnostic)
        -> Scenario
    {
        var parser = Parser(file: file, overrides: overrides)
        var statements: [Statement] = []
        for line in try Lexer(file: file).lines(of: bytes) {
            statements.append(try parser.statement(line.tokens, text: line.text))
        }
        return Scenario(file: file, statements: statements)
    }

    public static func parse(file: String, source: String) throws(Diagnostic) -> Scenario {
        try parse(file: file, bytes: Array(source.utf8))
    }

    /// Parses one line of tokens (also the terminal UI's `:` line) and updates the shape.
    public mutating func statement(_ tokens: [Token], text: String) throws(Diagnostic) -> Statement {
        let head = tokens[0]
        let kind: Statement.Kind
        switch head.isQuoted ? "" : head.text {
        case "title":
            try need(tokens, atLeast: 2, "title needs a text: title \"Round robin forgets you\"")
            kind = .title(tokens.dropFirst().map(\.text).joined(separator: " "))
        case "cluster": kind = .command(.cluster(try clusterSettings(tokens)))
        case "user":
            try need(tokens, exactly: 3, "user needs a name and a password: user dave hunter2")
            let name = try self.name(tokens[1], what: "user name")
            kind = .command(.addUser(name: name, password: tokens[2].text))
        case "browser": kind = .command(try openBrowser(tokens))
        case "crowd": kind = .command(try crowd(tokens))
        case "advance":
            try need(tokens, atLeast: 2, "advance needs a duration: advance 31m")
            let span = try duration(tokens[1])
            guard span <= Self.longestDuration else {
                throw error(tokens[1], "advance is at most \(Self.longestDuration) (100 years), not '\(tokens[1].raw)'")
            }
            try need(tokens, exactly: 2, "advance takes one duration: advance 31m")
            kind = .command(.advance(span))
        case "say":
            try need(tokens, atLeast: 2, "say needs a text: say \"Alice visits for the first time\"")
            let first = tokens[1]
            if tokens.count >= 3, !first.isQuoted, Self.isLanguageCode(first.text) {
                kind = .say(language: first.text, text: tokens.dropFirst(2).map(\.text).joined(separator: " "))
            } else {
                kind = .say(language: nil, text: tokens.dropFirst().map(\.text).joined(separator: " "))
            }
        case "pause":
            // An optional name for the chapter it ends: pause "The balancer forgets".
            let name = tokens.dropFirst().map(\.text).joined(separator: " ")
            kind = .pause(name: name.isEmpty ? nil : name)
        case "expect": kind = .expect(try expectation(tokens))
        case "together": kind = .command(try together(tokens))
        case "store":
            if tokens.count >= 2, ["lag", "failover"].contains(tokens[1].text) {
                kind = .command(try storeReplication(tokens))
                break
            }
            try need(tokens, exactly: 2, "store takes 'down', 'up' or 'restart': store down")
            switch tokens[1].text {
            case "down": kind = .command(.storeDown)
            case "up": kind = .command(.storeUp)
            case "restart": kind = .command(.storeRestart)
            default:
                throw error(
                    tokens[1], "store takes down, up, restart, lag on|off or failover, not '\(tokens[1].text)'")
            }
        default:
            if let (rest, server) = try pin(in: tokens) {
                if try pin(in: rest) != nil { throw error(rest[rest.count - 1], "via= is given twice") }
                // The request without its pin, parsed as usual.
                guard case .command(let command) = try statement(rest, text: text).kind else {
                    throw error(head, "via= pins a request to a server")
                }
                kind = .command(.pinned(command, server: server))
            } else if let k = Self.serverNumber(head.text) {
                kind = .command(try serverCommand(k, tokens))
            } else if Self.isSend(tokens) {
                kind = .command(try send(tokens))
            } else {
                kind = .command(try browserCommand(tokens))
            }
        }
        return Statement(kind: kind, location: head.location, text: text)
    }

    // MARK: - Statements

    private mutating func clusterSettings(_ tokens: [Token]) throws(Diagnostic) -> ClusterSettings {
        var settings = ClusterSettings()
        var seen: Set<String> = []
        for token in tokens.dropFirst() {
            guard let (key, value) = Self.keyValue(token.text) else {
                throw error(
                    token,
                    "cluster takes key=value settings, not '\(token.raw)' (keys: "
                        + "\(ClusterSettings.keys.joined(separator: ", ")))"
                )
            }
            guard seen.insert(key).inserted else { throw error(token, "cluster setting '\(key)' is given twice") }
            do { try settings.set(key, value) } catch let problem { throw error(token, problem.message) }
            if let message = Self.durationLimitProblem(key: key, value: value) { throw error(token, message) }
        }
        try checkRedisKeys(tokens, settings)
        var effective = settings
        // A wrong override is reported where the overrides are given, not on this line.
        for (key, value) in overrides { try? effective.set(key, value) }
        try checkForcedStore(tokens, written: settings, effective: effective)
        if let (key, message) = effective.replicationProblem {
            let blamed = tokens.first { Self.keyValue($0.text)?.0 == key } ?? tokens[0]
            throw error(blamed, message)
        }
        shape = WorldShape(servers: effective.servers)
        shape.store = effective.store
        shape.replicas = effective.replicas
        return settings
    }

    /// The private Redis's keys (1.1) mean something only with store=redis: given with another
    /// store, the line is wrong (it would read as if it did something).
    private func checkRedisKeys(_ tokens: [Token], _ settings: ClusterSettings) throws(Diagnostic) {
        guard settings.store != .redis else { return }
        for token in tokens.dropFirst() {
            guard let (key, _) = Self.keyValue(token.text), ClusterSettings.redisKeys.contains(key) else { continue }
            throw error(
                token,
                "\(key) configures the private Redis: it needs store=redis (this cluster has "
                    + "store=\(settings.store.rawValue))")
        }
    }

    /// `--store local|sqlite` forced onto a cluster whose line configures the private Redis
    /// (`replicas`, `sentinel`, `persistence`, `maxmemory`, `eviction`): the key would be
    /// dropped without a word, and `store lag`/`store failover` would do nothing. An error at
    /// the key instead.
    private func checkForcedStore(_ tokens: [Token], written: ClusterSettings, effective: ClusterSettings)
        throws(Diagnostic)
    {
        guard effective.store != written.store, effective.store != .redis else { return }
        for token in tokens.dropFirst() {
            guard let (key, value) = Self.keyValue(token.text),
                (ClusterSettings.redisKeys + ["replicas", "sentinel"]).contains(key),
                !["0", "off", "noeviction"].contains(value)
            else { continue }
            throw error(
                token,
                "\(key)=\(value) needs store=redis, and --store \(effective.store.rawValue) replaces it (leave out "
                    + "--store)")
        }
    }

    private mutating func openBrowser(_ tokens: [Token]) throws(Diagnostic) -> Command {
        try need(tokens, atLeast: 2, "browser needs a name: browser alice")
        guard tokens.count <= 3 else { throw error(tokens[3], "browser takes a name and optionally ip=A.B.C.D") }
        let name = try browserName(tokens[1])
        var ip: IPv4?
        if tokens.count == 3 {
            guard let (key, value) = Self.keyValue(tokens[2].text), key == "ip" else {
                throw error(tokens[2], "browser takes ip=A.B.C.D after the name, not '\(tokens[2].raw)'")
            }
            guard let address = IPv4(parsing: value) else {
                throw error(tokens[2], "'\(value)' is not an IPv4 address such as 10.0.0.7")
            }
            ip = address
        }
        shape.open(name)
        return .openBrowser(name: name, ip: ip)
    }

    private mutating func crowd(_ tokens: [Token]) throws(Diagnostic) -> Command {
        try need(tokens, atLeast: 2, "crowd needs a number of browsers: crowd 1000 login=on")
        guard let count = Int(tokens[1].text), count >= 1, count <= WorldShape.maxCrowd else {
            throw error(tokens[1], "crowd needs a number from 1 to \(WorldShape.maxCrowd), not '\(tokens[1].raw)'")
        }
        var login: Token?
        var bots: Token?
        var requests: (token: Token, count: Int)?
        for token in tokens.dropFirst(2) {
            switch Self.keyValue(token.text) {
            case ("login", let value)? where value == "on" || value == "off":
                login = value == "on" ? token : nil
            case ("bots", let value)? where value == "on" || value == "off":
                bots = value == "on" ? token : nil
            case ("requests", let value)?:
                guard let count = Int(value), (1...Self.maxBotRequests).contains(count) else {
                    throw error(token, "requests is a number from 1 to \(Self.maxBotRequests), not '\(value)'")
                }
                requests = (token, count)
            default:
                throw error(token, "crowd takes login=on|off, bots=on|off and requests=K, not '\(token.raw)'")
            }
        }
        if let bots, login != nil { throw error(bots, "bots=on cannot go with login=on: bots do not log in") }
        if let requests, bots == nil { throw error(requests.token, "requests=K needs bots=on") }
        shape.addGuests(count)
        if bots != nil { return .crowdBots(count: count, requests: requests?.count ?? 1) }
        return .crowd(count: count, login: login != nil)
    }

    /// The most `GET /` one bot of `crowd ... bots=on` may send.
    public static let maxBotRequests = 1000

    private mutating func serverCommand(_ k: Int, _ tokens: [Token]) throws(Diagnostic) -> Command {
        try checkServer(k, tokens[0])
        try need(tokens, exactly: 2, "\(tokens[0].text) takes 'kill' or 'start'")
        switch tokens[1].text {
        case "kill": return .killServer(k)
        case "start": return .startServer(k)
        default: throw error(tokens[1], "a server can 'kill' or 'start', not '\(tokens[1].raw)'")
        }
    }

    private static let browserVerbs = ["get", "post", "login", "logout", "close", "clear", "steal", "tamper"]

    private mutating func browserCommand(_ tokens: [Token]) throws(Diagnostic) -> Command {
        let head = tokens[0]
        guard tokens.count >= 2, Self.browserVerbs.contains(tokens[1].text) else {
            if shape.isKnown(head.text) {
                let at = tokens.count >= 2 ? tokens[1] : head
                let what = tokens.count >= 2 ? "'\(tokens[1].raw)'" : "nothing"
                throw error(at, "a browser can \(Self.browserVerbs.joined(separator: ", ")); got \(what)")
            }
            throw error(
                head,
                "unknown statement '\(head.raw)' (statements: title, cluster, user, browser, crowd, NAME "
                    + "get|post|login|logout|close|clear|steal|tamper, together, server-K kill|start, "
                    + "store down|up|restart, advance, say, pause, expect)"
            )
        }
        let name = head.text
        try checkBrowser(head, mustBeOpen: !["clear", "tamper"].contains(tokens[1].text))
        let verb = tokens[1]
        switch verb.text {
        case "get":
            try need(tokens, atLeast: 3, "get needs a path: \(name) get /me")
            let path = try path(tokens[2])
            try need(
                tokens, exactly: tokens.count >= 4 && tokens[3].text.hasPrefix("from=") ? 4 : 3,
                "get takes a path and optionally from=SITE: \(name) get /me from=evil.example")
            if tokens.count == 4 {
                let site = try self.site(tokens[3])
                return .crossSiteRequest(browser: name, method: .get, path: path, form: [], site: site)
            }
            return .request(browser: name, method: .get, path: path, form: [])
        case "post":
            try need(tokens, atLeast: 3, "post needs a path: \(name) post /login user=alice password=secret")
            var form: [FormField] = []
            var site: String?
            for token in tokens.dropFirst(3) {
                guard let (key, value) = Self.keyValue(token.text) else {
                    throw error(token, "post takes form fields as key=value, not '\(token.raw)'")
                }
                if key == "from" {
                    guard site == nil else { throw error(token, "from=SITE is given twice") }
                    site = try self.site(token)
                } else {
                    form.append(FormField(key, value))
                }
            }
            let path = try path(tokens[2])
            if let site { return .crossSiteRequest(browser: name, method: .post, path: path, form: form, site: site) }
            return .request(browser: name, method: .post, path: path, form: form)
        case "login":
            try need(tokens, atLeast: 3, "login needs a user: \(name) login alice")
            var password: String?
            var remember = false
            for token in tokens.dropFirst(3) {
                switch Self.keyValue(token.text) {
                case ("password", let value)?: password = value
                case ("remember", "on")?: remember = true
                case ("remember", "off")?: remember = false
                default: throw error(token, "login takes password=P and remember=on|off, not '\(token.raw)'")
                }
            }
            return .login(browser: name, user: tokens[2].text, password: password, remember: remember)
        case "logout":
            try need(tokens, exactly: 2, "logout takes no arguments")
            return .logout(browser: name)
        case "close":
            try need(tokens, exactly: 2, "close takes no arguments")
            shape.close(name)
            return .close(browser: name)
        case "clear":
            try need(tokens, exactly: 2, "clear takes no arguments")
            return .clear(browser: name)
        case "tamper":
            return try tamper(tokens)
        default:  // steal
            try need(tokens, atLeast: 3, "steal needs the browser to steal from: \(name) steal alice")
            try checkBrowser(tokens[2], mustBeOpen: false)
            guard tokens[2].text != name else { throw error(tokens[2], "a browser cannot steal its own cookies") }
            try need(
                tokens, exactly: 4 <= tokens.count ? 4 : 3, "steal takes OTHER and optionally via=copy|script|network")
            var via = StealMethod.copy
            if tokens.count == 4 {
                guard let (key, value) = Self.keyValue(tokens[3].text), key == "via",
                    let method = StealMethod(rawValue: value)
                else {
                    throw error(tokens[3], "steal takes via=copy, via=script or via=network, not '\(tokens[3].raw)'")
                }
                via = method
            }
            return .steal(thief: name, victim: tokens[2].text, via: via)
        }
    }

    /// `together STATEMENT | STATEMENT [| STATEMENT ...]`: requests of any browsers.
    private mutating func together(_ tokens: [Token]) throws(Diagnostic) -> Command {
        let usage = "together needs two or more requests: together alice post /cart item=book | alice get /cart"
        try need(tokens, atLeast: 2, usage)
        var parts: [[Token]] = [[]]
        for token in tokens.dropFirst() {
            if token.text == "|" && !token.isQuoted {
                guard !parts[parts.count - 1].isEmpty else { throw error(token, "a request is missing before '|'") }
                parts.append([])
            } else {
                parts[parts.count - 1].append(token)
            }
        }
        guard let last = parts.last, !last.isEmpty else { throw error(tokens.last!, "a request is missing after '|'") }
        guard parts.count >= 2 else { throw error(tokens.last!, usage) }
        var commands: [Command] = []
        for part in parts {
            let head = part[0]
            let command: Command
            if part.count >= 2, ["get", "post", "login", "logout"].contains(part[1].text), !head.isQuoted,
                Self.serverNumber(head.text) == nil
            {
                command = try browserCommand(part)
            } else if Self.isSend(part) {
                command = try send(part)
            } else {
                throw error(head, "together takes get, post, login, logout or send requests, not '\(head.raw) …'")
            }
            commands.append(command)
        }
        return .together(commands)
    }

    /// `NAME tamper CLAIM=VALUE` or `NAME tamper alg=none`.
    private func tamper(_ tokens: [Token]) throws(Diagnostic) -> Command {
        let usage = "tamper needs CLAIM=VALUE or alg=none: \(tokens[0].text) tamper sub=bob"
        try need(tokens, exactly: 3, usage)
        let token = tokens[2]
        guard let (key, value) = Self.keyValue(token.text) else { throw error(token, usage) }
        if key == "alg" {
            guard value == "none" else { throw error(token, "tamper can set alg only to none, not '\(value)'") }
            return .tamper(browser: tokens[0].text, change: .algNone)
        }
        guard TokenTamper.claims.contains(key) else {
            throw error(
                token, "tamper changes \(TokenTamper.claims.joined(separator: ", ")) or alg=none, not '\(key)'")
        }
        guard !value.isEmpty else { throw error(token, "tamper needs a value: \(key)=...") }
        if key == "exp" || key == "iat" {
            guard TokenService.claimTime(value, now: 0) != nil, Int64(value) != nil || value.count > 1 else {
                throw error(
                    token, "\(key) is Unix seconds or +DURATION / -DURATION from now (e.g. +1d), not '\(value)'")
            }
        }
        return .tamper(browser: tokens[0].text, change: .claim(name: key, value: value))
    }

    /// `from=SITE`: a host name with at least one dot, such as evil.example.
    private func site(_ token: Token) throws(Diagnostic) -> String {
        guard let (key, value) = Self.keyValue(token.text), key == "from" else {
            throw error(token, "expected from=SITE, not '\(token.raw)'")
        }
        let labels = value.split(separator: ".", omittingEmptySubsequences: false)
        let isHost =
            labels.count >= 2
            && labels.allSatisfy { label in
                !label.isEmpty
                    && label.unicodeScalars.allSatisfy { $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "-" }
            }
        guard isHost else { throw error(token, "from needs a site such as evil.example, not '\(value)'") }
        return value.lowercased()
    }

    private func expectation(_ tokens: [Token]) throws(Diagnostic) -> Expectation {
        try need(tokens, exactly: 4, "expect needs REF OP VALUE: expect alice.status == 200")
        let reference = try self.reference(tokens[1])
        guard let op = Operator(rawValue: tokens[2].text), !tokens[2].isQuoted else {
            throw error(tokens[2], "unknown operator '\(tokens[2].raw)' (use ==, !=, <, <=, >, >=)")
        }
        let operand = try self.operand(tokens[3], for: reference)
        if op.isOrdering, reference.valueType != .number, reference.valueType != .duration {
            throw error(
                tokens[2],
                "\(op.rawValue) compares numbers or durations; \(reference) is a \(reference.valueType.rawValue)")
        }
        return Expectation(
            reference: reference, op: op, value: operand,
            source: "\(tokens[1].raw) \(tokens[2].raw) \(tokens[3].raw)")
    }

    // MARK: - Pieces

    private func reference(_ token: Token) throws(Diagnostic) -> Reference {
        let text = token.text
        if text == "clock" { return .clock }
        guard !token.isQuoted, let dot = text.firstIndex(of: ".") else {
            throw error(
                token,
                "'\(token.raw)' is not a reference (NAME.status, NAME.user, NAME.server, NAME.cookies, NAME.sid, "
                    + "NAME.open, server-K.sessions, server-K.up, store.sessions, store.up, clock)"
            )
        }
        let owner = String(text[..<dot])
        let field = String(text[text.index(after: dot)...])
        if owner == "store" {
            guard let f = Reference.StoreField(rawValue: field) else {
                let fields = Reference.StoreField.allCases.map(\.rawValue).joined(separator: ", ")
                throw error(token, "unknown reference '\(text)' (store has: \(fields))")
            }
            return .store(f)
        }
        if let k = Self.serverNumber(owner) {
            try checkServer(k, token)
            guard let f = Reference.ServerField(rawValue: field) else {
                throw error(token, "unknown reference '\(text)' (a server has: sessions, up)")
            }
            return .server(k, f)
        }
        guard shape.isKnown(owner) else {
            throw error(token, "unknown browser '\(owner)' in '\(text)' (open it first with: browser \(owner))")
        }
        if field.hasPrefix("data.") {
            guard let key = SessionAttribute(rawValue: String(field.dropFirst(5))) else {
                throw error(token, "unknown reference '\(text)' (session data: \(owner).data.user, .cart, .theme)")
            }
            return .data(owner, key)
        }
        guard let f = Reference.BrowserField(rawValue: field) else {
            throw error(
                token,
                "unknown reference '\(text)' (a browser has: "
                    + "\(Reference.BrowserField.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        return .browser(owner, f)
    }

    private func operand(_ token: Token, for reference: Reference) throws(Diagnostic) -> Operand {
        let text = token.text
        let type = reference.valueType
        if !token.isQuoted, text == "clock" || (text.contains(".") && Int64(text) == nil) {
            let other = try self.reference(token)
            guard other.valueType == type else {
                throw error(token, "\(reference) is a \(type.rawValue) but \(other) is a \(other.valueType.rawValue)")
            }
            return .reference(other)
        }
        func mismatch(_ what: String) -> Diagnostic {
            error(token, "\(reference) is a \(type.rawValue); '\(token.raw)' is \(what)")
        }
        if token.isQuoted {
            guard type == .word else { throw mismatch("a string") }
            return .literal(.word(text))
        }
        if text == "none" {
            guard type == .word || reference == .browser(referenceOwner(reference), .status) else {
                throw mismatch("none")
            }
            return .literal(.none)
        }
        if text == "true" || text == "false" {
            guard type == .boolean else { throw mismatch("a boolean") }
            return .literal(.boolean(text == "true"))
        }
        if let number = Int64(text) {
            switch type {
            case .number: return .literal(.number(number))
            case .duration where number == 0: return .literal(.duration(.zero))
            case .word: return .literal(.word(text))
            default: throw mismatch("a number")
            }
        }
        if let first = text.first, first.isNumber {
            guard let span = TimeSpan(parsing: text) else {
                throw error(
                    token,
                    "bad duration '\(token.raw)' (use <integer><unit> groups with units ms s m h d, e.g. 30m or 1h30m)")
            }
            guard type == .duration else { throw mismatch("a duration") }
            return .literal(.duration(span))
        }
        guard type == .word else { throw mismatch("a word") }
        return .literal(.word(text))
    }

    private func referenceOwner(_ reference: Reference) -> String {
        if case .browser(let name, _) = reference { return name }
        return ""
    }

    private func duration(_ token: Token) throws(Diagnostic) -> TimeSpan {
        guard !token.isQuoted, let span = TimeSpan(parsing: token.text) else {
            throw error(
                token,
                "bad duration '\(token.raw)' (use <integer><unit> groups with units ms s m h d, e.g. 30m or 1h30m)")
        }
        return span
    }

    func path(_ token: Token) throws(Diagnostic) -> String {
        // Scalars, as the lexer reads them: a combining mark must not hide the slash or a space.
        let scalars = token.text.unicodeScalars
        guard scalars.first == "/", !scalars.contains(where: { $0 == " " || $0 == "\t" }) else {
            throw error(token, "a path starts with '/', such as /me; got '\(token.raw)'")
        }
        return token.text
    }

    private func name(_ token: Token, what: String) throws(Diagnostic) -> String {
        guard Self.isName(token.text), !token.isQuoted else {
            throw error(
                token, "'\(token.raw)' is not a valid \(what) (letters, digits, '_' and '-', starting with a letter)")
        }
        return token.text
    }

    private func browserName(_ token: Token) throws(Diagnostic) -> String {
        let name = try self.name(token, what: "browser name")
        guard !Self.reservedNames.contains(name), Self.serverNumber(name) == nil else {
            throw error(token, "'\(name)' is reserved and cannot name a browser")
        }
        return name
    }

    private func checkBrowser(_ token: Token, mustBeOpen: Bool) throws(Diagnostic) {
        guard let open = shape.isOpen(token.text) else {
            throw error(token, "unknown browser '\(token.text)' (open it first with: browser \(token.text))")
        }
        if mustBeOpen && !open {
            throw error(token, "browser '\(token.text)' is closed (reopen it with: browser \(token.text))")
        }
    }

    private func checkServer(_ k: Int, _ token: Token) throws(Diagnostic) {
        guard k >= 1, k <= shape.servers else {
            throw error(token, "there is no server-\(k): the cluster has server-1 to server-\(shape.servers)")
        }
    }

    func need(_ tokens: [Token], exactly count: Int, _ usage: String) throws(Diagnostic) {
        if tokens.count > count { throw error(tokens[count], "unexpected '\(tokens[count].raw)': \(usage)") }
        if tokens.count < count { throw error(tokens.last!, usage) }
    }

    private func need(_ tokens: [Token], atLeast count: Int, _ usage: String) throws(Diagnostic) {
        if tokens.count < count { throw error(tokens.last!, usage) }
    }

    func error(_ token: Token, _ message: String) -> Diagnostic {
        Diagnostic(file: file, location: token.location, message: message)
    }

    // MARK: - Limits

    /// The longest duration a `cluster` setting or an `advance` may have: 100 years. The clock
    /// counts Int64 milliseconds; far longer spans would overflow its arithmetic.
    public static let longestDuration = TimeSpan.days(36_500)

    /// What is wrong with a duration setting that is too long, or nil.
    public static func durationLimitProblem(key: String, value: String) -> String? {
        guard ["timeout", "absolute", "remember", "sweep"].contains(key), let span = TimeSpan(parsing: value),
            span > longestDuration
        else { return nil }
        return "\(key) is at most \(longestDuration) (100 years), not '\(value)'"
    }

    // MARK: - Lexical helpers

    static let reservedNames: Set<String> = [
        "title", "cluster", "user", "browser", "crowd", "advance", "say", "pause", "expect", "store", "clock",
        "together",
    ]

    /// `[A-Za-z][A-Za-z0-9_-]*`.
    public static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCIILetter else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    static func isLanguageCode(_ text: String) -> Bool {
        text.count == 2 && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) }
    }

    /// `server-K` → K.
    static func serverNumber(_ text: String) -> Int? { ServerName.number(text) }

    /// `key=value`, split at the first `=` scalar (a combining mark after it must not hide it).
    static func keyValue(_ text: String) -> (String, String)? {
        let scalars = text.unicodeScalars
        guard let equals = scalars.firstIndex(of: "="), equals != scalars.startIndex else { return nil }
        return (String(scalars[..<equals]), String(scalars[scalars.index(after: equals)...]))
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}

/// What the parser knows of the world at a point in the scenario: enough to reject unknown
/// names before anything runs.
public struct WorldShape: Equatable, Sendable {
    /// The most browsers one `crowd` may open.
    public static let maxCrowd = 2_000_000

    public var servers: Int
    /// The cluster's store and its replicas (1.1: `store lag` and `store failover` need some).
    public var store = StoreKind.local
    public var replicas = 0
    /// Browser name → open.
    public var browsers: [String: Bool] = [:]
    public var guests = 0

    public init(servers: Int = ClusterSettings().servers) { self.servers = servers }

    func isKnown(_ name: String) -> Bool {
        isOpen(name) != nil
    }

    /// Whether a browser is open; nil when there is no such browser.
    func isOpen(_ name: String) -> Bool? {
        if let open = browsers[name] { return open }
        if name.hasPrefix("guest-"), let k = Int(name.dropFirst(6)), k >= 1, k <= guests,
            String(k) == name.dropFirst(6)
        {
            return true
        }
        return nil
    }

    mutating func open(_ name: String) { browsers[name] = true }
    mutating func close(_ name: String) { browsers[name] = false }

    mutating func addGuests(_ count: Int) {
        // Guests are not listed one by one (a crowd may be a million); they are known by number.
        guests += count
    }
}
