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

    func run() throws {
        #if DEBUG
        printError("sessionscope bench: this is a debug build; figures will be far below a release build's")
        #endif
        let benchmarks = Benchmarks(redisURL: redis) { line in print(line) }
        var figures: [(String, Double)] = []
        figures += try benchmarks.simulation()
        figures += benchmarks.localMemory()
        figures += benchmarks.sweeps()
        if !noRedis {
            do { figures += try benchmarks.redis() } catch { printError("redis figures skipped: \(error)") }
        }
        figures += try benchmarks.sqlite()
        figures += try benchmarks.frames()
        figures += try benchmarks.replay()
        if json {
            let body = figures.map { "\"\($0.0)\":\(($0.1 * 1000).rounded() / 1000)" }.joined(separator: ",")
            print("{\(body)}")
        }
    }
}
