import Foundation
import Testing

/// `check` and `replay --headless` against a store that cannot be reached stop at once with
/// a clear message and exit 2, instead of running the scenario against nothing.
@Test(arguments: [["check"], ["replay", "--headless"]])
func anUnreachableRedisIsAnErrorBeforeAnythingRuns(command: [String]) throws {
    let file = try Binary.scenario("browser alice\nalice login alice\nexpect alice.status == 200\n")
    let run = try Binary.run(command + ["--store", "redis", "--redis", "redis://127.0.0.1:1", file])
    #expect(run.status == 2)
    #expect(run.stderr.contains("\(file):1:1: error: store=redis"), "\(run.stderr)")
    #expect(run.stderr.contains("127.0.0.1:1"), "\(run.stderr)")
    #expect(run.stderr.contains("Connection refused"), "\(run.stderr)")
    // Nothing ran: no transcript line, no expectation counted.
    #expect(!run.stdout.contains("alice"), "\(run.stdout)")
}
