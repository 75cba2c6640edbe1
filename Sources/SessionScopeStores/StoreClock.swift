import Glibc

/// Measures how long a real store operation took. Lives outside the core: the model never
/// reads a clock, and these figures are shown beside events, never used to decide.
enum StoreClock {
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Runs `body`, appends its duration under `name` to `timings`, and returns its result.
    /// An operation that throws is not timed: its failure is reported instead, and a
    /// latency beside it would read as if it had succeeded.
    static func measure<T>(_ name: StaticString, into timings: inout [StoreTimingRecord], _ body: () throws -> T)
        rethrows -> T
    {
        let start = now()
        let result = try body()
        timings.append(StoreTimingRecord(name: name, nanoseconds: now() - start))
        return result
    }
}

/// One measured operation before it becomes a `StoreTiming`.
struct StoreTimingRecord {
    var name: StaticString
    var nanoseconds: UInt64
}
