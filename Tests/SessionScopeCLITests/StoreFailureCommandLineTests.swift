import Foundation
import Testing

/// The store's own failures (1.1) on the command line: `--redis URL` is not ours to
/// reconfigure or restart, the Redis keys need store=redis, and the walkthroughs pass.

@Test(arguments: [["check"], ["replay", "--headless"], ["check", "--live"]])
func aRedisNamedByURLIsNeitherReconfiguredNorRestarted(command: [String]) throws {
    // Refused before anything runs: nothing even connects to the URL (nothing listens on port 1).
    let settings = try Binary.scenario(
        "browser alice\nalice login alice\ncluster store=redis maxmemory=2mb eviction=allkeys-lru\n")
    let refused = try Binary.run(command + ["--redis", "redis://127.0.0.1:1", settings])
    #expect(refused.status == 2)
    #expect(
        refused.stderr.contains(
            "\(settings):3:21: error: maxmemory=2mb eviction=allkeys-lru: leave out --redis; the Redis it names "
                + "was not started by sessionscope: it is not ours to reconfigure"), "\(refused.stderr)")
    #expect(!refused.stdout.contains("alice"), "\(refused.stdout)")

    let restart = try Binary.scenario("browser alice\nalice login alice\nstore restart\n")
    let run = try Binary.run(command + ["--store", "redis", "--redis", "redis://127.0.0.1:1", restart])
    #expect(run.status == 2)
    #expect(
        run.stderr.contains("\(restart):3:1: error: store restart: leave out --redis; the Redis it names"),
        "\(run.stderr)")
    #expect(run.stderr.contains("it is not ours to restart"), "\(run.stderr)")
    #expect(!run.stdout.contains("alice"), "\(run.stdout)")
}

@Test func theRedisKeysNeedStoreRedis() throws {
    let file = try Binary.scenario("cluster store=sqlite persistence=aof\n")
    let run = try Binary.run(["check", file])
    #expect(run.status == 2)
    #expect(
        run.stderr.contains(
            "\(file):1:22: error: persistence configures the private Redis: it needs store=redis (this cluster has "
                + "store=sqlite)"), "\(run.stderr)")
    let size = try Binary.scenario("cluster store=redis maxmemory=2 mb\n")
    let bad = try Binary.run(["check", size])
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("maxmemory is a size such as 2mb or 512kb"), "\(bad.stderr)")
}

/// The walkthroughs of the store's failures: each passes `check`, narrates in English and
/// Korean, and has named chapters.
@Test(arguments: ["28-redis-restart", "29-redis-maxmemory"])
func storeFailureWalkthroughPassesCheck(_ name: String) throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let path = root.appendingPathComponent("Scenarios/\(name).scn").path
    let run = try Binary.run(["check", path])
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.hasSuffix(" passed, 0 failed\n"))
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    #expect(lines.filter { $0.hasPrefix("say en ") }.count == lines.filter { $0.hasPrefix("say ko ") }.count)
    #expect(lines.filter { $0.hasPrefix("pause \"") }.count >= 2)
    #expect(lines.filter { $0.hasPrefix("expect ") }.count >= 6)
    let transcript = try Binary.run(["replay", path, "--headless", "--no-latency"])
    #expect(transcript.status == 0)
    if name == "29-redis-maxmemory" {
        #expect(transcript.stdout.contains("OOM command not allowed when used memory > 'maxmemory'"))
    } else {
        #expect(transcript.stdout.contains("it held 22 sessions before and holds 0 sessions now"))
        #expect(transcript.stdout.contains("it held 21 sessions before and holds 21 sessions now"))
    }
}
