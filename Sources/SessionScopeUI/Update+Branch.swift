import SessionScopeCore
import SessionScopeScenario

/// Acting in the middle of a replay opens a branch instead of cutting the walkthrough short:
/// the walkthrough is kept as it was, the branch grows on the timeline, `Esc` goes back.
extension AppModel {
    /// Whether a branch is open.
    public var inBranch: Bool { ui.walkthrough != nil }

    /// Called before a statement is added to the timeline: in a replay not yet branched, the
    /// walkthrough to keep (the caller stores it once the statement succeeded, or puts it back
    /// when it failed: a failed append has already dropped the future).
    func walkthroughToKeep() -> Timeline? {
        isReplay && ui.walkthrough == nil ? timeline : nil
    }

    /// Appends to the timeline; when that fails, puts the walkthrough back (a failed append
    /// has already dropped its future).
    mutating func append(_ statement: Statement, restoring walkthrough: Timeline?) throws(Diagnostic) {
        do { try timeline.append(statement) } catch {
            if let walkthrough { timeline = walkthrough }
            throw error
        }
    }

    /// Back to the walkthrough where it was left; the branch is dropped.
    public mutating func returnToWalkthrough() {
        guard var walk = ui.walkthrough else { return }
        ui.walkthrough = nil
        if walk.world.store.isShared {
            // The branch changed the real store: rebuild the walkthrough's world from the start
            // in a fresh key space (the copy only shares the store).
            let target = walk.position
            // The screen says it is rebuilding, and how far it is.
            let report = progressFrame(self, store: walk.world.settings.store.rawValue)
            do {
                if target == 0 {
                    try walk.seek(to: 1)
                    try walk.seek(to: 0)
                } else {
                    try walk.seek(to: 0)
                    try walk.seek(to: target, progress: report)
                }
            } catch {
                message = (error.description, true)
            }
        }
        timeline = walk
        parser = Self.parser(for: timeline)
        parsedThrough = 0
        ui.unsavedActions = 0
        traceScroll = 0
        ui.narrationScroll = 0
        refreshAfterChange()
        message = (
            L10n.format("message.branchClosed", language, timeline.position, timeline.statements.count), false
        )
    }
}
