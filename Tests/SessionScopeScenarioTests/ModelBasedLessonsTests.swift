import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores
import Testing

/// The model-based suite over the 1.1 lessons: generated scenarios with random 1.1 settings
/// and statements, the usual invariants after every step, and five more:
/// `lock=on` never loses an update; `create=login` never creates a session without a
/// successful login; a denylisted token is never accepted; a `Strict` cookie is never sent
/// cross-site; a tampered token is never accepted. Each is counted when its situation
/// arose, and every one must have arisen at least once over the seeds.
struct LessonInvariants {
    /// How often each invariant's situation arose (the check had something to check).
    var exercised: [String: Int] = [:]
    /// Token ids on some server's denylist, as the events tell it.
    var revoked: Set<String> = []
    /// Token values a browser made by `tamper`.
    var tampered: Set<String> = []
    /// Each browser's token after the last step.
    var tokens: [String: String] = [:]

    func token(of name: String, in world: World) -> String? {
        world.browser(named: name)?.jar.cookies.first { $0.name == TokenService.cookieName }?.value
    }

    mutating func check(_ world: World, after step: Step) -> [String] {
        var problems: [String] = []
        let settings = world.settings
        let events = step.events
        if case .command(.cluster) = step.statement.kind {
            revoked = []
            tampered = []
            tokens = [:]
        }

        // lock=on never loses an update: every item a request of the group added is in the
        // stored cart afterwards, unless the session itself is gone.
        if settings.lock, case .command(.together) = step.statement.kind {
            var added: [SessionID: [String]] = [:]
            var place: [SessionID: Int] = [:]
            for event in events {
                if case .sessionFound(let id, _, .server(let k)) = event { place[id] = k }
                if case .sessionDataChanged(let id, .cart, let value?) = event,
                    let item = value.split(separator: ",").last
                {
                    added[id, default: []].append(String(item))
                }
            }
            for (id, items) in added where items.count >= 2 {
                exercised["lock", default: 0] += 1
                let k = place[id] ?? 1
                guard let record = try? world.store.peek(id, server: k, memory: world.servers) else { continue }
                for item in items where !record.data.cart.contains(item) {
                    problems.append("lock=on lost \(item) of session \(id.short)")
                }
            }
        }

        // create=login never creates a session without a successful login in the same request.
        if settings.create == .login, settings.store != .jwt {
            let bound = Set(events.compactMap { if case .userBound(let id, _) = $0 { return id } else { return nil } })
            for event in events {
                switch event {
                case .sessionCreated(let id, _):
                    if !bound.contains(id) { problems.append("create=login created \(id.short) without a login") }
                case .sessionNotCreated:
                    exercised["create", default: 0] += 1
                case .botsCrawled(_, _, _, let sessions):
                    exercised["create", default: 0] += 1
                    if !sessions.isEmpty { problems.append("create=login: bots left sessions \(sessions)") }
                default: break
                }
            }
        }

        // A denylisted token is never accepted (while some server holds the list).
        for event in events {
            if case .tokenRevoked(let jti, _, _) = event { revoked.insert(jti) }
            if case .tokenRejected(.revoked) = event { exercised["denylist", default: 0] += 1 }
            if case .tokenAccepted(_, _, let jti?) = event, revoked.contains(jti) {
                problems.append("token \(jti) was accepted after it was revoked")
            }
        }
        if !world.servers.contains(where: \.isUp) { revoked = [] }  // the lists were in memory only

        // A Strict cookie is never sent cross-site.
        if case .command(.crossSiteRequest(let name, _, _, _, let site)) = step.statement.kind,
            settings.sameSite == .strict, !CookieJar.sameSite("app.example", site)
        {
            for case .requestSent(name, let request) in events {
                let held = world.browser(named: name)?.jar.cookies.contains { $0.sameSite == .strict } ?? false
                if held
                    || events.contains(where: {
                        if case .cookieWithheld(name, _, .sameSiteStrict) = $0 { true } else { false }
                    })
                {
                    exercised["strict", default: 0] += 1
                }
                for cookie in [settings.cookieName, TokenService.cookieName]
                where request.cookie(named: cookie) != nil {
                    problems.append("the Strict cookie \(cookie) was sent to a request from \(site)")
                }
            }
        }

        // A tampered token is never accepted. (A change that leaves the token as it was,
        // such as sub=alice on alice's own token, is no forgery.)
        for event in events {
            if case .tokenTampered(let name, _, true) = event, let token = token(of: name, in: world),
                token != tokens[name]
            {
                tampered.insert(token)
            }
        }
        if settings.store == .jwt, case .command(let command) = step.statement.kind, !command.isTogether {
            let sent = events.compactMap { event -> String? in
                if case .requestSent(_, let request) = event { return request.cookie(named: TokenService.cookieName) }
                return nil
            }
            if sent.count == 1, tampered.contains(sent[0]) {
                exercised["tamper", default: 0] += 1
                if events.contains(where: { if case .tokenAccepted = $0 { true } else { false } }) {
                    problems.append("a tampered token was accepted")
                }
            }
        }
        for browser in world.browsers { tokens[browser.name] = token(of: browser.name, in: world) }
        return problems
    }
}

/// Runs a generated 1.1 scenario with every invariant checked after every step.
func checkLessonInvariants(
    store: StoreKind, seed: UInt64, into exercised: inout [String: Int],
    storeFactory: @escaping StoreFactory = inMemoryStore
) throws {
    let generated = ScenarioGenerator(seed: seed, store: store, lessons: true)
    let scenario = try Parser.parse(file: "lessons-\(store)-\(seed).scn", source: generated.source)
    var run = try ScenarioRun(scenario: scenario, storeFactory: storeFactory)
    var checker = InvariantChecker()
    var lessons = LessonInvariants()
    while let step = try run.step() {
        let problems = checker.check(run.world, after: step) + lessons.check(run.world, after: step)
        #expect(
            problems.isEmpty,
            "seed \(seed), store \(store), line \(step.statement.location.line) '\(step.statement.text)': \(problems)")
        if !problems.isEmpty { break }
    }
    exercised.merge(lessons.exercised, uniquingKeysWith: +)
}

@Test("random 1.1 scenarios keep every invariant, and each lesson's is exercised")
func randomLessonScenariosKeepTheInvariants() throws {
    var exercised: [String: Int] = [:]
    for store in [StoreKind.local, .replicated, .jwt] {
        for seed in UInt64(1)...UInt64(24) {
            try checkLessonInvariants(store: store, seed: seed, into: &exercised)
        }
    }
    for invariant in ["lock", "create", "denylist", "strict", "tamper"] {
        #expect(exercised[invariant, default: 0] > 0, "the \(invariant) invariant was never exercised: \(exercised)")
    }
}

@Test(
    "random 1.1 scenarios keep every invariant on the real stores", arguments: [StoreKind.sqlite, .redis],
    Array(UInt64(1)...UInt64(3)))
func randomLessonScenariosKeepTheInvariantsOnRealStores(store: StoreKind, seed: UInt64) throws {
    guard store != .redis || redisAvailable else { return }
    let provider = StoreProvider()
    defer { provider.shutdown() }
    var exercised: [String: Int] = [:]
    try checkLessonInvariants(store: store, seed: seed, into: &exercised, storeFactory: provider.make)
}

@Test func generatedLessonScenariosUseTheAdditions() throws {
    let source = ScenarioGenerator(seed: 5, store: .local, lessons: true).source
    for word in ["together ", " tamper ", " from=", " via=", "/cart", "bots=on", " save=", " lock=", " create="] {
        #expect(source.contains(word), "no '\(word)' in a generated lesson scenario")
    }
    // Without `lessons`, the generator is as before (the other model-based tests rely on it).
    #expect(!ScenarioGenerator(seed: 5, store: .local).source.contains("together"))
}

extension Command {
    fileprivate var isTogether: Bool {
        if case .together = self { return true }
        return false
    }
}
