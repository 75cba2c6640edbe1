import NIOCore
import SessionScopeCore

/// The sweep of an idle live cluster (live-mode.md, "Time": sweeps follow the cluster's
/// clock). Without traffic nothing would run the world's clock on, so expired sessions
/// would stay on screen until the next request; a timer on the executor runs it at every
/// multiple of the cluster's `sweep`, and the step is shown and recorded like any other.
extension LiveCluster {
    /// The timer never fires more often than this (the live clock counts whole seconds).
    static let shortestSweepDelay = TimeAmount.milliseconds(200)

    /// Schedules the next sweep tick (real-time mode only). Called once the cluster listens;
    /// each tick schedules the next one, from the settings of the cluster built by then.
    func scheduleSweep() {
        guard options.realTime, !isShutDown else { return }
        let sweep = world.settings.sweep.milliseconds
        let now = exactClockMilliseconds()
        let nextTick = (now / sweep + 1) * sweep
        // A little past the tick, so that the whole-second clock has reached it.
        let delay = max(TimeAmount.milliseconds(nextTick - now + 5), Self.shortestSweepDelay)
        sweepTask?.cancel()
        sweepTask = loop.scheduleTask(in: delay) { [weak self] in self?.sweepTick() }
    }

    /// The cluster's clock in milliseconds, not cut to whole seconds.
    private func exactClockMilliseconds() -> Int64 {
        (NIODeadline.now() - builtAt).nanoseconds / 1_000_000 + advanced.milliseconds
    }

    /// Runs the clock on to now if nothing else runs: a statement, or a request in flight,
    /// does that itself when it ends (and an outside request's recorded time must not
    /// come after the clock it arrived at).
    func sweepTick() {
        defer { scheduleSweep() }
        guard !isShutDown, !statementRunning, exchanges.isEmpty else { return }
        let clockBefore = world.clock
        var events: [Event] = []
        catchUp(into: &events, recordingTime: false)
        guard !events.isEmpty else { return }
        recording.timePassed(to: world.clock)
        guard options.reportsRequests else { return }
        var step = LiveStep(
            clockBefore: clockBefore, line: nil, text: "(real time) clock \(world.clock)", events: events,
            addresses: [:], notes: [])
        step.epoch = world.settings.epoch
        observer(step)
    }
}
