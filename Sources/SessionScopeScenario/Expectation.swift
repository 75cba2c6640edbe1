import SessionScopeCore

/// `expect REF OP VALUE`.
public struct Expectation: Equatable, Sendable {
    public var reference: Reference
    public var op: Operator
    public var value: Operand
    /// `REF OP VALUE` as written, for messages.
    public var source: String
}

/// What an expectation can look at.
public enum Reference: Equatable, Sendable, CustomStringConvertible {
    case browser(String, BrowserField)
    case server(Int, ServerField)
    case store(StoreField)
    case clock
    /// 1.1: `NAME.data.KEY`: an attribute of the session NAME's session cookie names, as stored.
    case data(String, SessionAttribute)

    public enum BrowserField: String, CaseIterable, Sendable { case status, user, server, cookies, sid, open }
    public enum ServerField: String, CaseIterable, Sendable { case sessions, up }
    /// `evicted`, `restarts` and `primary` are 1.1.
    public enum StoreField: String, CaseIterable, Sendable {
        case sessions, up, evicted, restarts
        /// 1.1: the node the servers write to (`store-1`, `store-2`, ...).
        case primary
    }

    /// The kind of value the reference has, which decides what it may be compared with.
    public var valueType: ValueType {
        switch self {
        case .browser(_, .status), .browser(_, .cookies), .server(_, .sessions), .store(.sessions), .store(.evicted),
            .store(.restarts):
            return .number
        case .browser(_, .user), .browser(_, .server), .browser(_, .sid), .data, .store(.primary): return .word
        case .browser(_, .open), .server(_, .up), .store(.up): return .boolean
        case .clock: return .duration
        }
    }

    public var description: String {
        switch self {
        case .browser(let name, let field): return "\(name).\(field.rawValue)"
        case .server(let k, let field): return "server-\(k).\(field.rawValue)"
        case .store(let field): return "store.\(field.rawValue)"
        case .clock: return "clock"
        case .data(let name, let key): return "\(name).data.\(key.rawValue)"
        }
    }
}

/// Value kinds for type-checking expectations.
public enum ValueType: String, Sendable { case number, word, boolean, duration }

/// A value an expectation compares.
public enum Value: Equatable, Sendable, CustomStringConvertible {
    case number(Int64)
    case duration(TimeSpan)
    case boolean(Bool)
    case word(String)
    case none

    public var description: String {
        switch self {
        case .number(let n): return String(n)
        case .duration(let d): return d.description
        case .boolean(let b): return b ? "true" : "false"
        case .word(let w): return w
        case .none: return "none"
        }
    }
}

/// The right-hand side: a literal or another reference.
public enum Operand: Equatable, Sendable {
    case literal(Value)
    case reference(Reference)
}

/// `==`, `!=`, `<`, `<=`, `>`, `>=`.
public enum Operator: String, CaseIterable, Sendable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    /// Whether the operator needs an ordering (numbers and durations only).
    public var isOrdering: Bool { self != .equal && self != .notEqual }

    /// Compares two values; ordering of non-numbers (and of `none`) is false.
    public func holds(_ lhs: Value, _ rhs: Value) -> Bool {
        switch self {
        case .equal: return lhs == rhs
        case .notEqual: return lhs != rhs
        default:
            let pair: (Int64, Int64)
            switch (lhs, rhs) {
            case (.number(let a), .number(let b)): pair = (a, b)
            case (.duration(let a), .duration(let b)): pair = (a.milliseconds, b.milliseconds)
            default: return false
            }
            switch self {
            case .less: return pair.0 < pair.1
            case .lessOrEqual: return pair.0 <= pair.1
            case .greater: return pair.0 > pair.1
            default: return pair.0 >= pair.1
            }
        }
    }
}

extension World {
    /// The current value of a reference.
    public func value(of reference: Reference) -> Value {
        switch reference {
        case .browser(let name, let field):
            guard let browser = browser(named: name) else { return .none }
            switch field {
            case .status: return browser.last?.status.map { .number(Int64($0)) } ?? .none
            case .user: return browser.last?.user.map(Value.word) ?? .none
            case .server: return browser.last?.server.map { .word("server-\($0)") } ?? .none
            case .cookies:
                let now = unixMilliseconds
                return .number(Int64(browser.jar.cookies.filter { !$0.isExpired(at: now) }.count))
            case .sid:
                let name = settings.store == .jwt ? TokenService.cookieName : settings.cookieName
                let now = unixMilliseconds
                return browser.jar.cookies.first { $0.name == name && !$0.isExpired(at: now) }.map { .word($0.value) }
                    ?? .none
            case .open: return .boolean(browser.isOpen)
            }
        case .server(let k, let field):
            guard let server = server(k) else { return .none }
            switch field {
            case .sessions: return .number(Int64(server.table.count))
            case .up: return .boolean(server.isUp)
            }
        case .store(let field):
            switch field {
            case .sessions: return sharedStoreCount().map { .number(Int64($0)) } ?? .word("unreadable")
            case .up: return .boolean(storeIsUp)
            case .evicted: return storeEvictedCount().map { .number(Int64($0)) } ?? .word("unreadable")
            case .restarts: return .number(Int64(storeRestarts))
            case .primary: return storePrimary.map { .word("store-\($0)") } ?? .none
            }
        case .clock:
            return .duration(TimeSpan(milliseconds: clock.milliseconds))
        case .data(let name, let key):
            return storedAttribute(key, of: name)
        }
    }

    /// `NAME.data.KEY`: the attribute of the session NAME's cookie names, as stored now: in the
    /// shared store, or on the server that handled NAME's last request; none for `jwt`.
    private func storedAttribute(_ key: SessionAttribute, of name: String) -> Value {
        guard storePlacement != .nowhere, let browser = browser(named: name) else { return .none }
        let now = unixMilliseconds
        guard
            let cookie = browser.jar.cookies.first(where: { $0.name == settings.cookieName && !$0.isExpired(at: now) }),
            let id = SessionID(hex: cookie.value)
        else { return .none }
        let k: Int
        if storePlacement == .shared {
            k = 1
        } else {
            guard let server = browser.last?.server else { return .none }
            k = server
        }
        // Looking is not part of the run: the read's own timing is not reported.
        defer { _ = store.drainTimings() }
        let record: SessionRecord?
        do {
            record = try store.peek(id, server: k, memory: servers)
        } catch {
            return .word("unreadable")
        }
        return record?.attribute(key).map(Value.word) ?? .none
    }

    /// Evaluates an expectation: whether it holds, and the actual value of its reference.
    public func check(_ expectation: Expectation) -> (passed: Bool, actual: Value) {
        let actual = value(of: expectation.reference)
        let expected: Value
        switch expectation.value {
        case .literal(let literal): expected = literal
        case .reference(let other): expected = value(of: other)
        }
        return (expectation.op.holds(actual, expected), actual)
    }
}
