import SessionScopeCore
import SessionScopeScenario
import Testing

/// The trace's styles come from what each line tells (its event), not from its wording.
@Test func traceLinesCarryTheToneOfTheirEvent() throws {
    let scenario = try Parser.parse(
        file: "tone.scn",
        source: """
            cluster servers=1
            browser alice
            alice get /
            server-1 kill
            alice get /me
            expect alice.status == 200
            """)
    var run = try ScenarioRun(scenario: scenario)
    let transcript = Transcript(scenario: scenario)
    var lines: [TraceLine] = []
    while let step = try run.step() { lines += transcript.traceLines(for: step, file: scenario.file) }

    func tone(ofLineContaining text: String) -> TraceTone? { lines.first { $0.text.contains(text) }?.tone }
    #expect(tone(ofLineContaining: "| alice get /") == .statement)
    #expect(tone(ofLineContaining: "alice > GET / HTTP/1.1") == .request)
    #expect(tone(ofLineContaining: "alice < HTTP/1.1 200") == .response)
    #expect(tone(ofLineContaining: "server-1 crashed") == .failure)
    #expect(tone(ofLineContaining: "alice < HTTP/1.1 503") == .failure)
    #expect(tone(ofLineContaining: "new session") == .transition)
    #expect(tone(ofLineContaining: "expected alice.status == 200, got 503") == .failure)
    // Every line of a command step got the tone of its event: the text alone was not read.
    #expect(lines.allSatisfy { !$0.text.isEmpty })
}
