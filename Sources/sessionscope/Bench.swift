import ArgumentParser
import Foundation
import SessionScopeStores

/// `sessionscope bench [--json]`: speed, memory and scale, measured in one run.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the benchmarks (build with -c release for meaningful figures).",
        discussion: "See BENCHMARKS.md for the method, the targets and what bounds each figure.")

    @Flag(help: "Print one JSON object on the last line.")
    var json = false
    @Option(help: "The Redis server to measure (default: a private redis-server).")
    var redis: String?
    @Flag(help: "Skip the Redis figures (for machines without redis-server).")
    var noRedis = false
    @Option(
        help: ArgumentHelp(
            "Run only these groups, comma-separated: \(Bench.groups.joined(separator: ", ")).", valueName: "groups"))
    var only: String?

    /// The groups `--only` may name, in the order they run.
    static let groups = [
        "sim", "memory", "sweep", "crowd", "redis", "redis-failures", "sqlite", "frame", "ui", "replay", "live",
        "attach", "failover",
    ]

    func validate() throws {
        if let redis {
            do { _ = try RedisURL(parsing: redis) } catch { throw ValidationError("--redis: \(error)") }
        }
        guard let only else { return }
        let unknown = only.split(separator: ",", omittingEmptySubsequences: false).map(String.init).filter {
            !Self.groups.contains($0)
        }
        if let first = unknown.first {
            throw ValidationError("--only: no group '\(first)'; the groups are \(Self.groups.joined(separator: ", "))")
        }
    }

    func run() throws {
        #if DEBUG
            printError("sessionscope bench: this is a debug build; figures will be far below a release build's")
        #endif
        let benchmarks = Benchmarks(redisURL: redis) { line in print(line) }
        let groups = only.map { Set($0.split(separator: ",").map(String.init)) }
        func wanted(_ group: String) -> Bool { groups?.contains(group) ?? true }
        var figures: [(String, Double)] = []
        if wanted("sim") { figures += try benchmarks.simulation() }
        if wanted("memory") { figures += benchmarks.localMemory() }
        if wanted("sweep") { figures += benchmarks.sweeps() }
        if wanted("crowd") { figures += try benchmarks.crowds() }
        if wanted("redis") && !noRedis {
            do { figures += try benchmarks.redis() } catch { printError("redis figures skipped: \(error)") }
        }
        if wanted("redis-failures") && !noRedis {
            // 1.1: private servers only (a --redis server is not ours to reconfigure or restart).
            if redis != nil {
                printError("redis-failures figures skipped: --redis names a server that is not ours to reconfigure")
            } else {
                do { figures += try StoreFailureBench.run { print($0) } } catch {
                    printError("redis-failures figures skipped: \(error)")
                }
            }
        }
        if wanted("sqlite") { figures += try benchmarks.sqlite() }
        if wanted("frame") { figures += try benchmarks.frames() }
        if wanted("ui") { figures += try benchmarks.ui() }
        if wanted("replay") { figures += try benchmarks.replay() }
        if wanted("live") { figures += try LiveBench.run { print($0) } }
        if wanted("attach") && !noRedis { figures += try benchmarks.attach() }
        if wanted("failover") && !noRedis { figures += try benchmarks.failover() }
        if json {
            let body = figures.map { "\"\($0.0)\":\(($0.1 * 1000).rounded() / 1000)" }.joined(separator: ",")
            print("{\(body)}")
        }
    }
}
