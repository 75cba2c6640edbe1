import SessionScopeCore
import SessionScopeScenario
import SessionScopeUI
import Testing

/// Golden screens of issue 12's journeys at 80×24, in English and Korean.
@Test(arguments: ["en", "ko"])
func aChapterStopAtEightyColumns(language: String) throws {
    var model = try replayModel(try bundledScenario("06-idle-timeout.scn").statements, language: language)
    model.handle(.key(.pageDown))
    try Golden.check(model, "stop-\(language)", width: 80, height: 24)
}

@Test(arguments: ["en", "ko"])
func aBranchAtEightyColumns(language: String) throws {
    var model = try replayModel(try bundledScenario("06-idle-timeout.scn").statements, language: language)
    for _ in 0..<4 { model.handle(.key(.right)) }
    model.handle(.key(.character("x")))
    try Golden.check(model, "branch-\(language)", width: 80, height: 24)
}

@Test func theDetailViewAtEightyColumns() throws {
    var model = try Golden.model(["cluster store=jwt", "browser alice", "alice login alice", "advance 5m"])
    model.handle(.key(.enter))
    try Golden.check(model, "detail", width: 80, height: 24)
}

@Test func sixteenServersAtEightyColumns() throws {
    var model = try Golden.model(["cluster servers=16", "browser alice", "alice login alice", "browser bob"])
    for _ in 0..<5 { model.handle(.key(.character("]"))) }
    try Golden.check(model, "overview", width: 80, height: 24)
}

/// Golden screens of the journeys added later: a crowd under way, a trace step selected, the
/// whole exchange, the 1.1 steal prompt.
@Test(arguments: ["en", "ko"])
func aCrowdUnderWayAtEightyColumns(language: String) throws {
    var model = try Golden.model(["browser alice", "alice login alice"], language: language)
    model.ui.progress = WorkProgress(work: .crowd("crowd 1000000"), done: 262_144, total: 1_000_000)
    try Golden.check(model, "crowd-\(language)", width: 80, height: 24)
}

@Test(arguments: ["en", "ko"])
func aTraceStepAndItsExchangeAtEightyColumns(language: String) throws {
    var model = try Golden.model(
        ["cluster samesite=lax", "browser alice", "alice login alice", "alice post /prefs theme=x from=evil.example"],
        language: language)
    model.handle(.key(.character("<")))
    try Golden.check(model, "trace-selected-\(language)", width: 80, height: 24)
    model.handle(.key(.enter))
    try Golden.check(model, "exchange-\(language)", width: 80, height: 24)
}
