import Foundation
import SessionScopeCore
import SessionScopeScenario
import Testing

@testable import SessionScopeUI

/// Under `--lang ko` the trace pane and the detail view read Korean; what is written for
/// machines and files (the transcript, `check`, recordings, JSON) stays English.
@Test func someEventsReadAsAKoreanInstructorWouldWriteThem() throws {
    let id = try #require(SessionID(hex: "910a2dec89025cc1beeb8da1658eec67"))
    // A cookie as a real jar stored it (the first session id of the default seed).
    let model = try Golden.model(["browser alice", "alice get /"])
    let cookie = try #require(
        model.timeline.steps.flatMap(\.events).lazy.compactMap { event -> Cookie? in
            if case .cookieSet(_, let cookie, _) = event { return cookie }
            return nil
        }.first)
    let cases: [(Event, [String])] = [
        (.sessionCreated(id: id, at: .server(1)), ["server-1: 새 세션 910a2dec…"]),
        (.sessionFound(id: id, user: "alice", at: .store), ["저장소: 세션 910a2dec… 찾음 (사용자 alice)"]),
        (
            .requestRouted(browser: "alice", server: 2, why: .roundRobin(skipped: [1])),
            ["밸런서 → server-2 (라운드 로빈: 다음 차례; server-1 멈춤, 건너뜀)"]
        ),
        (
            .cookieSet(browser: "alice", cookie: cookie, replaced: false),
            ["alice의 쿠키 저장소: SID=910a2dec89025cc1beeb8da… 저장 (세션 쿠키, HttpOnly)"]
        ),
        (.serverCrashed(server: 2, sessionsLost: 3), ["server-2 비정상 종료: 메모리에 있던 세션 3개가 사라짐"]),
        (.sessionExpired(id: id, why: .idle, at: .server(1)), ["server-1: 세션 910a2dec… 만료 (유휴 시간 초과), 삭제함"]),
        (
            .cookieWithheld(browser: "bob", name: "SID", why: .sameSiteLax),
            ["bob의 쿠키 저장소: SID 보내지 않음 (SameSiteLax: SameSite=Lax, GET이 아닌 교차 사이트 요청)"]
        ),
        (.tokenRejected(why: .badSignature), ["토큰 거부: 서명이 맞지 않음"]),
        (.requestRejected(browser: "alice", why: .noLiveServer), ["밸런서: 살아 있는 서버가 없음 → 503"]),
        (
            .sessionMissed(id: id.description, why: .evicted(policy: "allkeys-lru"), at: .store),
            ["저장소: 세션 910a2dec… 없음: redis가 내보냄 (allkeys-lru, maxmemory 도달)"]
        ),
    ]
    for (event, expected) in cases {
        #expect(KoreanEventText.lines(event) == expected)
    }
    // The detail view's cookie line abbreviates nothing and lists every attribute.
    #expect(
        KoreanEventText.lines(.cookieSet(browser: "alice", cookie: cookie, replaced: true), whole: true) == [
            "alice의 쿠키 저장소: SID=910a2dec89025cc1beeb8da1658eec67 교체",
            "    세션 쿠키 · Domain=app.example · Path=/ · host-only · HttpOnly · Secure 아님 · SameSite 없음",
        ])
}

@Test func theWireLinesStayTheWire() throws {
    let request = HTTPRequest(method: .get, path: "/me", cookieHeader: "SID=abc; LB=server-1")
    let event = Event.requestSent(browser: "alice", request: request)
    #expect(KoreanEventText.lines(event) == EventText.lines(event))
    let bare = Event.requestSent(browser: "alice", request: HTTPRequest(method: .get, path: "/"))
    #expect(KoreanEventText.lines(bare) == ["alice > GET / HTTP/1.1", "alice > Cookie: (없음)"])
}

/// Hangul syllables or jamo: the line says something in Korean.
private func isKorean(_ text: String) -> Bool {
    text.unicodeScalars.contains { (0xAC00...0xD7A3).contains($0.value) || (0x1100...0x11FF).contains($0.value) }
}

/// Every event the in-memory walkthroughs cause reads Korean on the screen under `ko`, while
/// the transcript of the same steps, in `ko` too, is English apart from the Korean narration.
@Test func everyEventOfTheWalkthroughsReadsKoreanAndTheTranscriptStaysEnglish() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scenarios")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".scn") }
        .sorted()
    var kinds = Set<String>()
    for file in files {
        let scenario = try bundledScenario(file)
        // Walkthroughs that need a real store run as far as the first cluster that wants one.
        guard var timeline = try? Timeline(file: file, statements: scenario.statements) else { continue }
        let transcript = Transcript(scenario: scenario, language: "ko", showLatency: false)
        while !timeline.isAtEnd, let step = try? timeline.stepForward() {
            if case .say = step.statement.kind { continue }
            for line in transcript.lines(for: step, file: file) {
                #expect(!isKorean(line), "\(file): the transcript is English: \(line)")
            }
            for event in step.events {
                let korean = KoreanEventText.lines(event, epoch: step.epoch)
                kinds.insert(String("\(event)".prefix { $0 != "(" }))
                switch event.tone {
                case .request, .response, .measurement: continue
                case .statement, .failure, .transition, .narration:
                    if case .storeReplicationFailed = event { continue }
                    #expect(isKorean(korean.joined()), "\(file): \(korean) reads English")
                }
            }
        }
    }
    // The walkthroughs reach far: most kinds of event are among them.
    #expect(kinds.count >= 30, "\(kinds.sorted())")
}

@Test func theTracePaneIsKoreanAndTheDetailViewToo() throws {
    var model = try Golden.model(
        [
            "cluster servers=3 balancer=sticky-cookie", "browser alice", "alice login alice", "server-1 kill",
            "alice get /me",
        ], language: "ko")
    let trace = TracePane.lines(model, rows: 30, width: 120).map(\.plainText)
    #expect(trace.contains("  server-1 비정상 종료: 메모리에 있던 세션 1개가 사라짐"), "\(trace)")
    #expect(trace.contains { $0.hasPrefix("  밸런서 → server-2 (sticky: LB 쿠키에 적힌 server-1 멈춤;") }, "\(trace)")
    #expect(!trace.contains { $0.contains("'s jar") || $0.contains("balancer →") }, "\(trace)")
    model.handle(.key(.character("<")))
    model.handle(.key(.enter))
    let detail = View.render(model, width: 132, height: 40).text
    #expect(detail.contains("밸런서 → server-2"), "\(detail)")
    // English stays the transcript's own text, byte for byte.
    model.language = "en"
    let english = TracePane.lines(model, rows: 30, width: 500).map(\.plainText)
    #expect(english.contains("  server-1 crashed: 1 session in its memory is lost"), "\(english)")
}

@Test func aKoreanTraceAfterACrashAtBothSizes() throws {
    let model = try Golden.model(
        [
            "cluster servers=3 balancer=sticky-cookie", "browser alice", "alice login alice", "server-1 kill",
            "alice get /me",
        ], language: "ko")
    for (w, h) in sizes { try Golden.check(model, "korean-trace", width: w, height: h) }
}

@Test func theKoreanHandoutsExchangesReadKoreanAndTheEnglishOnesAreTheTranscript() throws {
    let scenario = try bundledScenario("06-idle-timeout.scn")
    let timeline = try Timeline(file: scenario.file, statements: scenario.statements)
    let korean = HTMLHandout.render(scenario: scenario, timeline: timeline, language: "ko")
    #expect(korean.contains("밸런서 → server-"))
    #expect(!korean.contains("balancer → server-"))
    let english = HTMLHandout.render(scenario: scenario, timeline: timeline, language: "en")
    // The English page's exchanges are the transcript's lines, as before.
    var replay = try Timeline(file: scenario.file, statements: scenario.statements)
    let transcript = Transcript(scenario: scenario, language: "en", showLatency: false)
    while !replay.isAtEnd, let step = try replay.stepForward() {
        guard case .command = step.statement.kind else { continue }
        for line in transcript.lines(for: step, file: scenario.file) {
            #expect(english.contains(HTMLHandout.escape(line)), "\(line)")
        }
    }
}

/// `store restart` says how in the Stores module's English; its known phrases read Korean.
@Test func aStoreRestartAndAnIgnoredCookieSayWhyInKorean() {
    #expect(
        KoreanEventText.restartText(
            "redis-server stopped and started again (same port, same directory); no snapshots, no append-only "
                + "file: it started empty")
            == "redis-server가 멈췄다가 다시 시작 (같은 포트, 같은 디렉터리); 스냅숏도 append-only 파일도 없어 빈 채로 시작")
    #expect(
        KoreanEventText.restartText(
            "the primary, store-2, stopped and started again (same port, same directory); appendonly yes: it read "
                + "its append-only file back; its 2 replicas copied it again")
            == "프라이머리(store-2)가 멈췄다가 다시 시작 (같은 포트, 같은 디렉터리); appendonly yes: append-only 파일을 다시 읽음"
            + "; 레플리카 2개가 다시 복사함")
    #expect(
        KoreanEventText.lines(
            .storeRestarted(
                how: "the SQLite file was closed and opened again (the sessions are on disk)", before: 2, after: 2))
            == ["저장소 재시작: SQLite 파일을 닫았다가 다시 엶 (세션은 디스크에 있음); 전에는 세션 2개, 지금은 세션 2개"])
    // The jar's reasons: the Chrome name stays, the words read Korean.
    #expect(
        KoreanEventText.ignoredText("SameSiteNoneInsecure: SameSite=None without Secure")
            == "SameSiteNoneInsecure: Secure 없는 SameSite=None")
    #expect(
        KoreanEventText.ignoredText("InvalidDomain: Domain=evil.example does not cover app.example")
            == "InvalidDomain: Domain=evil.example: app.example 도메인을 포함하지 않음")
    #expect(
        KoreanEventText.ignoredText("InvalidDomain: Domain=com is a public suffix")
            == "InvalidDomain: Domain=com: 공개 접미사(public suffix)")
    // A wording not known here stays as the store wrote it.
    #expect(KoreanEventText.restartText("something new happened") == "something new happened")
}
