import Foundation
import Testing

/// `--store` forced onto a file whose cluster configures the private Redis, and
/// `--no-latency` with `--format jsonl`.

@Test(arguments: [["check"], ["replay", "--headless"]])
func aForcedStoreDoesNotSilentlyDropTheRedisKeys(command: [String]) throws {
    let file = try Binary.scenario("browser alice\ncluster store=redis replicas=1 sentinel=on\nstore failover\n")
    let run = try Binary.run(command + ["--store", "local", file])
    #expect(run.status == 2)
    #expect(
        run.stderr.contains(
            "\(file):2:21: error: replicas=1 needs store=redis, and --store local replaces it (leave out --store)"),
        "\(run.stderr)")
    #expect(run.stdout.isEmpty, "\(run.stdout)")
    let memory = try Binary.scenario("cluster store=redis maxmemory=2mb\nbrowser alice\n")
    let sqlite = try Binary.run(command + ["--store", "sqlite", memory])
    #expect(sqlite.status == 2)
    #expect(
        sqlite.stderr.contains(
            "\(memory):1:21: error: maxmemory=2mb needs store=redis, and --store sqlite replaces it"),
        "\(sqlite.stderr)")
    // The same store, or a file without Redis keys: nothing to refuse.
    let plain = try Binary.scenario("cluster store=redis\nbrowser alice\nalice login alice\n")
    #expect(try Binary.run(command + ["--store", "local", plain]).status == 0)
}

@Test func noLatencyLeavesTheMeasuredLatenciesOutOfJSONLines() throws {
    let file = try Binary.scenario("cluster store=sqlite\nbrowser alice\nalice login alice\n")
    let with = try Binary.run(["replay", "--headless", "--format", "jsonl", file])
    #expect(with.status == 0)
    #expect(with.stdout.contains("\"event\":\"storeOperation\""), "\(with.stdout)")
    let without = try Binary.run(["replay", "--headless", "--format", "jsonl", "--no-latency", file])
    #expect(without.status == 0)
    #expect(!without.stdout.contains("storeOperation") && !without.stdout.contains("microseconds"))
    #expect(without.stdout.contains("\"event\":\"sessionCreated\""), "\(without.stdout)")
}
