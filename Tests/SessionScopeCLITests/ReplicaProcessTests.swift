import Foundation
import Glibc
import Testing

/// The replicas and sentinels of `store=redis replicas=1 sentinel=on` never outlive
/// sessionscope either: not after SIGTERM (their directories go too), not after SIGKILL.
@Suite(.serialized) struct ReplicaProcessTests {
    static let available =
        ProcessInfo.processInfo.environment["CI"] == "true"
        || FileManager.default.isExecutableFile(atPath: "/usr/bin/redis-sentinel")

    /// Starts `check` on a long scenario with replicas and sentinels; returns it and its
    /// children once all five run.
    private func start() throws -> (Process, [Int32]) {
        let scenario = try Binary.scenario(
            "cluster store=redis replicas=1 sentinel=on\ncrowd 200000\n", name: "replicas.scn")
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["check", scenario]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        for _ in 0..<400 {
            let children = ChildProcessTests.children(of: process.processIdentifier)
            let names = children.compactMap(ChildProcessTests.name(of:))
            if names.filter({ $0 == "redis-sentinel" }).count == 3, names.filter({ $0 == "redis-server" }).count == 2 {
                return (process, children)
            }
            usleep(25_000)
        }
        process.terminate()
        process.waitUntilExit()
        throw ChildProcessTestError.noRedisChild
    }

    @Test(.enabled(if: available))
    func sigtermStopsReplicasAndSentinelsAndRemovesTheirDirectories() throws {
        let (process, children) = try start()
        let pid = process.processIdentifier
        #expect(ChildProcessTests.redisDirectories(of: pid).count == 5)
        kill(pid, SIGTERM)
        process.waitUntilExit()
        for child in children { #expect(ChildProcessTests.isGone(child), "\(child) outlived sessionscope") }
        #expect(ChildProcessTests.redisDirectories(of: pid).isEmpty)
    }

    @Test(.enabled(if: available))
    func sigkillTakesReplicasAndSentinelsWithIt() throws {
        let (process, children) = try start()
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        for child in children {
            #expect(ChildProcessTests.isGone(child), "\(child) outlived a SIGKILLed sessionscope")
        }
    }

    /// The Sentinel walkthrough passes in the simulation and over real HTTP, narrates in
    /// English and Korean, and has named chapters.
    @Test(.enabled(if: available), arguments: [[], ["--live"]])
    func theSentinelWalkthroughPasses(_ options: [String]) throws {
        let path = Documentation.root.appendingPathComponent("Scenarios/30-sentinel-failover.scn").path
        let started = Date()
        let run = try Binary.run(["check"] + options + [path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.hasSuffix("14 passed, 0 failed\n"), "\(run.stdout)")
        #expect(Date().timeIntervalSince(started) < 60)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("say en ") }.count == lines.filter { $0.hasPrefix("say ko ") }.count)
        #expect(lines.filter { $0.hasPrefix("pause \"") }.count == 4)
    }
}

/// `--redis URL` is not ours to reconfigure: a scenario with replicas is refused at its
/// `cluster` line, with exit 2, and no process is started.
@Test func replicasWithRedisURLAreRefusedWithExitTwo() throws {
    let scenario = try Binary.scenario("cluster store=redis replicas=1\nbrowser alice\nstore failover\n")
    let run = try Binary.run(["check", "--redis", "redis://127.0.0.1:1", scenario])
    #expect(run.status == 2)
    // At the key that asks for the processes, with the remedy early enough to be seen.
    #expect(
        run.stderr.contains(
            ":1:21: error: replicas=1: leave out --redis; the Redis it names was not started by sessionscope: it "
                + "is not ours to reconfigure"), "\(run.stderr)")
    #expect(!run.stdout.contains("passed"))
}
