import Foundation
import Glibc
import Testing

/// A private redis-server must never outlive sessionscope, nor leave its temporary directory
/// behind, whatever ends sessionscope (issue: SIGKILL left redis running; Ctrl-C and
/// SIGTERM left empty `/tmp/sessionscope-redis-*` directories).
@Suite(.serialized) struct ChildProcessTests {
    /// Starts `check --store redis` on a long scenario and waits until its redis-server runs.
    private func startWithPrivateRedis() throws -> (Process, Int32) {
        let scenario = try Binary.scenario("crowd 200000\n", name: "long.scn")
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["check", "--store", "redis", scenario]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        for _ in 0..<200 {
            if let child = Self.children(of: process.processIdentifier).first(where: {
                Self.name(of: $0) == "redis-server"
            }) {
                return (process, child)
            }
            usleep(25_000)
        }
        process.terminate()
        throw ChildProcessTestError.noRedisChild
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func aQuitSignalStopsRedisAndRemovesItsDirectory(signal: Int32) throws {
        let (process, redis) = try startWithPrivateRedis()
        let pid = process.processIdentifier
        #expect(!Self.redisDirectories(of: pid).isEmpty, "the private redis-server has a directory while it runs")
        kill(pid, signal)
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + signal)
        #expect(Self.isGone(redis), "redis-server \(redis) outlived sessionscope")
        #expect(Self.redisDirectories(of: pid).isEmpty, "left behind: \(Self.redisDirectories(of: pid))")
    }

    @Test func sigkillTakesRedisWithIt() throws {
        let (process, redis) = try startWithPrivateRedis()
        let pid = process.processIdentifier
        kill(pid, SIGKILL)
        process.waitUntilExit()
        #expect(Self.isGone(redis), "redis-server \(redis) outlived a SIGKILLed sessionscope")
        // What a SIGKILL could not remove, the next run that starts a redis-server removes.
        let next = try Binary.run(["check", "--store", "redis", try Binary.scenario("browser alice\n")])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(Self.redisDirectories(of: pid).isEmpty, "left behind: \(Self.redisDirectories(of: pid))")
    }

    static func children(of parent: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { parentPID(of: $0) == parent }
    }

    static func parentPID(of pid: Int32) -> Int32? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("PPid:") }
        return line.flatMap { Int32($0.dropFirst(5).trimmingCharacters(in: .whitespaces)) }
    }

    static func name(of pid: Int32) -> String? {
        (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Gone within two seconds (a zombie still has a /proc entry, so the state is read).
    static func isGone(_ pid: Int32) -> Bool {
        for _ in 0..<200 {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            if stat.contains(") Z ") { return true }
            usleep(10_000)
        }
        return false
    }

    static func redisDirectories(of pid: Int32) -> [String] {
        let temporary = FileManager.default.temporaryDirectory.path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        return names.filter { $0.hasPrefix("sessionscope-redis-\(pid)-") }
    }
}

enum ChildProcessTestError: Error {
    case noRedisChild
}
