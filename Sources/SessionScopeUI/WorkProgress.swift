import SessionScopeCore
import SessionScopeScenario

/// Long work the UI is doing, and how far it is: a `crowd` of many guests, or rebuilding the
/// world from the start because a real store cannot step back.
public struct WorkProgress: Equatable, Sendable {
    public enum Work: Equatable, Sendable {
        /// A `crowd` statement, as typed; Esc cancels it.
        case crowd(String)
        /// Applying the statements again in a fresh store (its kind: sqlite, redis).
        case rebuilding(store: String)
    }

    /// What a step back starts afresh, said in its frames ("going back: …").
    public enum Fresh: Equatable, Sendable {
        case processes, keySpace, store
    }

    public var work: Work
    public var done: Int
    public var total: Int
    /// Set when the rebuild is a step back (not the undoing of a cancelled crowd).
    public var goingBack: Fresh?

    public init(work: Work, done: Int, total: Int, goingBack: Fresh? = nil) {
        self.work = work
        self.done = done
        self.total = total
        self.goingBack = goingBack
    }

    /// The status line's text: what, how far, and how to stop it where it can be stopped.
    func text(_ language: String) -> String {
        let percent = total > 0 ? done * 100 / total : 0
        let bar = Self.bar(done: done, total: total, width: 10)
        switch work {
        case .crowd(let statement):
            return L10n.format(
                "progress.crowd", language, statement, Self.grouped(done), Self.grouped(total), bar, percent)
        case .rebuilding(let store):
            switch goingBack {
            case nil: return L10n.format("progress.rebuild", language, store, done, total, bar)
            case .processes: return L10n.format("progress.back.processes", language, store, done, total, bar)
            case .keySpace: return L10n.format("progress.back.keySpace", language, store, done, total, bar)
            case .store: return L10n.format("progress.back.store", language, store, done, total, bar)
            }
        }
    }

    /// A count with thousands separators (1,048,576), read at a glance while it moves.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// A bar of `width` cells, filled by how far the work is (text, so colour is not needed).
    static func bar(done: Int, total: Int, width: Int) -> String {
        let filled = total > 0 ? min(width, done * width / total) : 0
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }
}

/// How the model shows long work while it runs: the app gives it one that draws a frame and
/// reads the keys waiting (Esc cancels). The model hands it a copy of itself with the
/// progress set, because the model proper is being changed while the work runs.
public final class ProgressReporter {
    let show: (AppModel) -> Bool

    /// `show` draws the frame and returns false when the user asked to cancel.
    public init(show: @escaping (AppModel) -> Bool) { self.show = show }
}

extension AppModel {
    /// Runs `body`, which may apply a crowd or rebuild from the start, showing its progress
    /// through the reporter. When the user cancels a crowd, the model is put back exactly as
    /// it was before (with a real store, by rebuilding it from the start in a fresh store).
    mutating func withProgress(crowd text: String, _ body: (inout AppModel) -> Void) {
        guard let reporter = progressReporter else { return body(&self) }
        let before = self
        var cancelled = false
        // A guest costs a round trip or two to a real store: report more often there.
        let observer = CrowdProgress(interval: world.store.isShared ? 16 : 1024) { done, total in
            var frame = before
            frame.ui.progress = WorkProgress(work: .crowd(text), done: done, total: total)
            frame.message = nil
            if reporter.show(frame) { return true }
            cancelled = true
            return false
        }
        CrowdProgress.$current.withValue(observer) { body(&self) }
        guard cancelled else { return }
        // A real store is a reference: the crowd wrote to it only if the world still holds the
        // store it had before (a rewind had already moved to a fresh one, leaving the old intact).
        let wroteToTheSameStore =
            world.store.isShared && (world.store as AnyObject) === (before.world.store as AnyObject)
        self = before
        if wroteToTheSameStore {
            // Build the same world again in a fresh store.
            rebuildWithProgress()
        }
        message = (L10n.text("message.crowdCancelled", language), false)
    }

    /// Rebuilds the world from the start in a fresh store, showing how far it is.
    mutating func rebuildWithProgress() {
        let snapshot = self
        let label = world.store.label
        let report = progressFrame(snapshot, store: world.settings.store.rawValue)
        do { try timeline.rebuild(progress: report) } catch { message = (error.description, true) }
        refreshAfterChange()
        message = (rebuiltMessage(before: label), false)
    }

    /// Runs a typed `crowd` with its progress shown; Esc cancels it.
    public mutating func runWithProgress(_ text: String) {
        withProgress(crowd: text) { $0.run(text) }
    }

    /// A progress callback that shows rebuild frames of `snapshot` (nil without a reporter).
    func progressFrame(
        _ snapshot: AppModel, store: String, goingBack: WorkProgress.Fresh? = nil
    ) -> ((Int, Int) -> Void)? {
        guard let reporter = progressReporter else { return nil }
        return { done, total in
            var frame = snapshot
            frame.ui.progress = WorkProgress(
                work: .rebuilding(store: store), done: done, total: total, goingBack: goingBack)
            frame.message = nil
            _ = reporter.show(frame)
        }
    }

    /// The message after a rebuild: a Redis at another address is new processes; otherwise
    /// the store is new in the same place (a new key space, a new SQLite file or table).
    func rebuiltMessage(before label: String) -> String {
        let now = world.store.label
        guard world.settings.store == .redis else { return L10n.format("message.rebuilt", language, now) }
        return L10n.format(now == label ? "message.rebuiltKeySpace" : "message.rebuiltProcesses", language, now)
    }
}

extension Statement {
    /// Whether this is a `crowd` (of guests or of bots): the statements that take long.
    var isCrowd: Bool {
        guard case .command(let command) = kind else { return false }
        switch command {
        case .crowd, .crowdBots: return true
        case .cluster, .addUser, .openBrowser, .request, .login, .logout, .sendRecorded, .close, .clear, .steal,
            .crossSiteRequest, .together, .tamper, .killServer, .startServer, .storeDown, .storeUp, .storeRestart,
            .storeLag, .storeFailover, .advance, .pinned:
            return false
        }
    }
}
