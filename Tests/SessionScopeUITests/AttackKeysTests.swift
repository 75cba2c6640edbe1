import SessionScopeCore
import SessionScopeScenario
import SessionScopeUI
import Testing

/// Types `text` into the model, Enter as "\n".
func type(_ text: String, into model: inout AppModel) {
    for c in text { model.handle(.key(c == "\n" ? .enter : .character(c))) }
}

@Test("s asks whose cookies and how, and builds steal with via", arguments: StealMethod.allCases)
func stealAsksHow(via: StealMethod) throws {
    var model = try Golden.model(["browser alice", "alice login alice", "browser mallory"])
    model.selectedBrowser = 1
    model.handle(.key(.character("s")))
    #expect(View.render(model, width: 80, height: 24).text.contains("mallory steals the cookies of: [alice]"))
    model.handle(.key(.enter))
    let asked = View.render(model, width: 132, height: 40).text
    #expect(asked.contains("how: copy (the jar), script (document.cookie) or network (the wire): [copy]"), "\(asked)")
    type(via == .copy ? "\n" : "\(via.rawValue)\n", into: &model)
    let steal = Command.steal(thief: "mallory", victim: "alice", via: via)
    #expect(model.timeline.statements.last?.kind == .command(steal), "\(model.message?.text ?? "")")
    #expect(model.timeline.recording.hasSuffix(StatementPrinter.text(.command(steal)) + "\n"))
    // HttpOnly keeps the session cookie from a script; copy and the wire (http) take it.
    let stolen = model.world.browser(named: "mallory")?.jar.cookies.contains { $0.name == "SID" } ?? false
    #expect(stolen == (via != .script))
}

@Test func aBadStealMethodIsAOneLineMessageAndChangesNothing() throws {
    var model = try Golden.model(["browser alice", "browser mallory"])
    let before = model.timeline.statements.count
    type("s\nwire\n", into: &model)
    #expect(model.message?.text == "steal takes copy, script or network, not 'wire'")
    #expect(model.message?.isError == true)
    #expect(model.timeline.statements.count == before)
}

@Test func tamperAsksForAClaimOrAlgNoneAndTheTokenViewSaysWhyItFails() throws {
    var settings = ClusterSettings()
    settings.store = .jwt
    var model = try Golden.model(["browser mallory", "mallory login bob"], settings: settings)
    model.handle(.key(.character("T")))
    #expect(
        View.render(model, width: 80, height: 24).text.contains(
            "mallory changes the token (CLAIM=VALUE or alg=none): [sub=alice]"))
    model.handle(.key(.enter))
    #expect(
        model.timeline.statements.last?.kind
            == .command(.tamper(browser: "mallory", change: .claim(name: "sub", value: "alice"))))
    model.handle(.key(.enter))
    let detail = View.render(model, width: 80, height: 24).text
    #expect(detail.contains("\"sub\":\"alice\""), "\(detail)")
    #expect(detail.contains("rejected ✖"), "\(detail)")
    model.handle(.key(.escape))
    type("Talg=none\n", into: &model)
    #expect(model.timeline.statements.last?.kind == .command(.tamper(browser: "mallory", change: .algNone)))
    #expect(model.timeline.statements.last?.text == "mallory tamper alg=none")
    // The server rejects it, and the trace says why.
    type("g", into: &model)
    let trace = View.render(model, width: 132, height: 40).text
    #expect(trace.contains("alg none is not accepted"), "\(trace)")
    // A change without = is refused, with what it takes.
    let count = model.timeline.statements.count
    type("Tsub\n", into: &model)
    #expect(model.message?.text == "tamper takes CLAIM=VALUE (e.g. sub=bob, exp=+1d) or alg=none, not 'sub'")
    #expect(model.timeline.statements.count == count)
}

@Test func aSendsTwoRequestsAtOnceAsATypedTogether() throws {
    var model = try Golden.model(["browser alice", "alice login alice"])
    model.handle(.key(.character("a")))
    let asked = View.render(model, width: 132, height: 40).text
    #expect(
        asked.contains("together [alice post /cart item=pen | alice post /prefs theme=dark]"))
    model.handle(.key(.enter))
    let together = Command.together([
        .request(browser: "alice", method: .post, path: "/cart", form: [FormField("item", "pen")]),
        .request(browser: "alice", method: .post, path: "/prefs", form: [FormField("theme", "dark")]),
    ])
    #expect(model.timeline.statements.last?.kind == .command(together), "\(model.message?.text ?? "")")
    #expect(model.timeline.statements.last?.text == "together alice post /cart item=pen | alice post /prefs theme=dark")
    // A long line being typed keeps its end in view at 80 columns.
    type("aalice post /cart item=pen | alice post /prefs theme=dark | alice post /cart item=ink", into: &model)
    let typing = View.render(model, width: 80, height: 24).text.split(separator: "\n")
    #expect(typing[typing.count - 2].hasPrefix("together …"), "\(typing)")
    #expect(typing[typing.count - 2].contains("alice post /cart item=ink▏"), "\(typing)")
    model.handle(.key(.escape))
    // A typed one with a mistake gets the parser's message and changes nothing.
    let count = model.timeline.statements.count
    type("aalice get /cart\n", into: &model)
    #expect(model.message?.text.contains("together needs two or more requests") == true, "\(model.message?.text ?? "")")
    #expect(model.timeline.statements.count == count)
}

@Test func theJarDetailShowsSecureAndSameSite() throws {
    var settings = ClusterSettings()
    settings.https = true
    settings.secure = true
    settings.sameSite = .strict
    var model = try Golden.model(["browser alice", "alice login alice"], settings: settings)
    model.handle(.key(.enter))
    let detail = View.render(model, width: 80, height: 24).text
    #expect(detail.contains("Secure · SameSite=Strict"), "\(detail)")
    var plain = try Golden.model(["browser alice", "alice login alice"])
    plain.handle(.key(.enter))
    #expect(View.render(plain, width: 80, height: 24).text.contains("not Secure · no SameSite"))
    // In Korean, the detail view's words too (the attributes keep their own names).
    plain.language = "ko"
    let korean = View.render(plain, width: 80, height: 24).text
    for words in ["자세히: 브라우저 alice", "쿠키 저장소 (1개)", "Secure 아님 · SameSite 없음", "server-1의 세션:"] {
        #expect(korean.contains(words), "\(korean)")
    }
}

@Test func aWithheldCookieShowsItsReasonInTheTrace() throws {
    var settings = ClusterSettings()
    settings.sameSite = .strict
    let model = try Golden.model(
        ["browser alice", "alice login alice", "alice post /cart item=pen from=evil.example"], settings: settings)
    let trace = View.render(model, width: 132, height: 40).text
    #expect(trace.contains("alice's jar: SID not sent (SameSiteStrict:"), "\(trace)")
}

@Test func theNewKeysAreInHelpInBothLanguagesAndInAWideKeyBar() throws {
    var model = try Golden.model([])
    model.handle(.key(.character("?")))
    let help = View.render(model, width: 132, height: 40).text
    for text in [
        "two requests at once", "tamper with the token", "steal another browser's cookies (asks whose,",
    ] {
        #expect(help.contains(text), "\(help)")
    }
    model.language = "ko"
    let korean = View.render(model, width: 132, height: 40).text
    for text in ["요청 두 개를 동시에", "토큰 위조하기"] { #expect(korean.contains(text), "\(korean)") }
    model.language = "en"
    model.handle(.key(.escape))
    let wide = View.render(model, width: 260, height: 40).text
    #expect(wide.contains("a two requests at once"), "\(wide)")
    #expect(wide.contains("T tamper with the token"), "\(wide)")
    // At 80 columns the essentials stay.
    let narrow = View.render(model, width: 80, height: 24).text.split(separator: "\n").last ?? ""
    #expect(narrow.contains("? help") && narrow.contains("q quit"), "\(narrow)")
}

@Test func aBranchAtAStopKeepsTheChaptersNarration() throws {
    let scenario = try Parser.parse(
        file: "r.scn",
        source: "browser alice\nalice login alice\nsay \"Alice holds a session.\"\npause\nalice get /me\n")
    var model = AppModel(
        timeline: try Timeline(file: scenario.file, statements: scenario.statements), isReplay: true, colors: false)
    model.showLatency = false
    model.handle(.key(.pageDown))
    #expect(View.render(model, width: 80, height: 24).text.contains("Alice holds a session."))
    // Acting at the stop opens a branch in the next chapter, which has no narration yet.
    model.handle(.key(.character("g")))
    #expect(model.inBranch)
    let screen = View.render(model, width: 80, height: 24).text
    #expect(screen.contains("Alice holds a session."), "\(screen)")
}
