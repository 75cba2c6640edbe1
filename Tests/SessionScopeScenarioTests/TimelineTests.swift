import SessionScopeCore
import SessionScopeScenario
import Testing

/// Seeking forward starts from the furthest checkpoint on the way; a fork must not let it
/// start from a checkpoint of the future that was dropped.
@Test func seekingForwardAfterAForkNeverUsesTheDroppedFuture() throws {
    var lines = ["cluster servers=1", "crowd 50 login=on", "browser x"]
    for i in 0..<37 { lines.append(i % 5 == 4 ? "advance 10m" : "x get /me") }
    let scenario = try Parser.parse(file: "timeline.scn", source: lines.joined(separator: "\n"))
    var timeline = try Timeline(file: scenario.file, statements: scenario.statements)
    try timeline.seek(to: 40)
    let firstEvents = timeline.steps.map(\.events)
    try timeline.seek(to: 0)
    #expect(timeline.steps.isEmpty)
    try timeline.seek(to: 40)
    #expect(timeline.steps.map(\.events) == firstEvents)

    // Fork at 20: x logs in there, so every later `/me` is a 200 instead of a 401.
    try timeline.seek(to: 20)
    let fork = try Parser.parse(file: "fork.scn", source: "browser x\nx login alice").statements[1]
    try timeline.append(fork)
    for statement in scenario.statements[20...] { try timeline.append(statement) }
    let forkedWorld = timeline.world
    #expect(forkedWorld.browser(named: "x")?.last?.user == "alice")
    try timeline.seek(to: 0)
    try timeline.seek(to: timeline.statements.count)
    #expect(timeline.world.browsers == forkedWorld.browsers)
    #expect(timeline.world.servers == forkedWorld.servers)
    #expect(timeline.steps.count == 41)
}
