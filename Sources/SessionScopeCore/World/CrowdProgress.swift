/// Reports how far a `crowd` has come, and lets the driver that started it cancel it: a
/// crowd of a million takes seconds, and a person at the terminal UI should see it move and
/// be able to stop it. Bound for the duration of one statement with
/// `CrowdProgress.$current.withValue(...)`, so no signature between the driver and the world
/// has to carry it.
public final class CrowdProgress: @unchecked Sendable {
    // Unchecked: the closure is called only on the thread that bound it, synchronously,
    // while the statement it was bound for runs; it is never shared between threads.
    let report: (_ done: Int, _ total: Int) -> Bool

    /// `report` is called every `interval` guests with how many have arrived and how many
    /// will; it returns false to cancel the crowd.
    public init(interval: Int = 1024, report: @escaping (_ done: Int, _ total: Int) -> Bool) {
        self.interval = max(1, interval)
        self.report = report
    }

    let interval: Int

    /// The observer for the statement being applied, if a driver bound one.
    @TaskLocal public static var current: CrowdProgress?

    /// Whether to go on after `done` of `total` guests (asks only every `interval`).
    func shouldContinue(_ done: Int, of total: Int) -> Bool {
        done % interval != 0 || report(done, total)
    }
}

extension WorldError {
    /// A crowd the driver cancelled: the world holds part of it, so the driver must put back
    /// the world it had before the statement.
    static func crowdCancelled(_ done: Int, of total: Int) -> WorldError {
        WorldError("crowd cancelled after \(done) of \(total) guests")
    }
}
