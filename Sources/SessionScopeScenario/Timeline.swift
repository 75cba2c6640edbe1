import SessionScopeCore

/// A run that can go back: the statements so far, the world after the first `position` of
/// them, and the steps that got it there. Stepping back restores a checkpoint (or rebuilds
/// from the start) and applies the statements again; the world is deterministic, so it
/// arrives at the same state. Adding a statement while rewound forks a new future.
///
/// A world holding a real shared store (sqlite, redis) cannot be copied, so it is never
/// checkpointed: going back rebuilds it from the start in a fresh key space.
public struct Timeline {
    public let file: String
    public private(set) var statements: [Statement]
    public private(set) var position = 0
    public private(set) var world: World
    /// The steps applied, one per statement before `position`.
    public var steps: ArraySlice<Step> { knownSteps[..<position] }
    /// Every step worked out so far, also those after `position` after stepping back: the
    /// world is deterministic, so they stay true until the statements after `position`
    /// change (a fork), and a seek forward to a checkpoint can take them as they are.
    private var knownSteps: [Step] = []
    public let overrides: [(String, String)]
    /// The cluster before the first statement, overrides applied: the statements' own first
    /// `cluster` when nothing comes before it, so that step 0 of a replay already shows it.
    public let initialSettings: ClusterSettings
    private let storeFactory: StoreFactory
    private var checkpoints: [Int: World] = [:]
    /// How many steps between checkpoints.
    public static let checkpointInterval = 16

    public init(
        file: String, statements: [Statement] = [], settings: ClusterSettings = ClusterSettings(),
        overrides: [(String, String)] = [], storeFactory: @escaping StoreFactory = inMemoryStore
    ) throws(Diagnostic) {
        self.file = file
        self.statements = statements
        self.overrides = overrides
        self.storeFactory = storeFactory
        var settings = Self.leadingCluster(of: statements) ?? settings
        do { try ScenarioRun.apply(overrides, to: &settings) } catch {
            throw Diagnostic(file: file, location: SourceLocation(line: 1, column: 1), message: error.message)
        }
        initialSettings = settings
        world = try Self.freshWorld(settings, storeFactory, file: file)
        checkpoints[0] = !world.store.isShared ? world : nil
    }

    private static func freshWorld(_ settings: ClusterSettings, _ factory: @escaping StoreFactory, file: String)
        throws(Diagnostic) -> World
    {
        do { return try World(settings: settings, storeFactory: factory) } catch {
            throw Diagnostic(file: file, location: SourceLocation(line: 1, column: 1), message: error.message)
        }
    }

    /// The settings of a `cluster` that comes before any other command, if there is one.
    static func leadingCluster(of statements: [Statement]) -> ClusterSettings? {
        for statement in statements {
            guard case .command(let command) = statement.kind else { continue }
            if case .cluster(let settings) = command { return settings }
            return nil
        }
        return nil
    }

    public var isAtEnd: Bool { position >= statements.count }

    /// Applies the next statement.
    @discardableResult
    public mutating func stepForward() throws(Diagnostic) -> Step? {
        guard !isAtEnd else { return nil }
        let step = try ScenarioRun.perform(
            statements[position], index: position, on: &world, overrides: overrides, file: file)
        if position < knownSteps.count { knownSteps[position] = step } else { knownSteps.append(step) }
        position += 1
        // Also after a crowd: replaying a million guests to step back over one click would
        // take seconds, and the copy shares its storage until the world next changes.
        let costly: Bool
        if case .command(.crowd) = step.statement.kind { costly = true } else { costly = false }
        if position % Self.checkpointInterval == 0 || costly, !world.store.isShared { checkpoints[position] = world }
        return step
    }

    /// Goes to just after statement `target` − 1 (0 is the very start). `progress` hears of
    /// each statement applied on the way (how far, out of `target`): going back with a real
    /// store applies everything before `target` again, and a driver may want to show that.
    public mutating func seek(
        to target: Int, progress: ((_ done: Int, _ total: Int) -> Void)? = nil
    ) throws(Diagnostic) {
        let target = max(0, min(target, statements.count))
        // A shared store is a real outside system: the world it served is dropped once the new
        // one is built, so its run ends (a Redis with replicas stops its processes). Not before:
        // a driver may cancel the rebuild (Esc in a crowd) and go back to that world, intact.
        var dropped: World?
        if target < position {
            let base = checkpoints.keys.filter { $0 <= target }.max()
            if let base, let saved = checkpoints[base] {
                world = saved
                position = base
            } else {
                if world.store.isShared { dropped = world }
                world = try Self.freshWorld(initialSettings, storeFactory, file: file)
                position = 0
            }
        } else if let base = checkpoints.keys.filter({ $0 > position && $0 <= target }).max(),
            let saved = checkpoints[base]
        {
            // Forward past a checkpoint: start from it rather than applying everything
            // before it again (one of those may be a crowd of a million).
            world = saved
            position = base
        }
        while position < target {
            try stepForward()
            progress?(position, target)
        }
        dropped?.releaseStore()
    }

    /// Builds the world again from the start (a fresh store: for a real one a new key space,
    /// or new processes) and applies the statements before the current position again. For
    /// a driver that must undo what a failed or cancelled statement did to a real store.
    public mutating func rebuild(progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws(Diagnostic) {
        let target = position
        world = try Self.freshWorld(initialSettings, storeFactory, file: file)
        position = 0
        while position < target {
            try stepForward()
            progress?(position, target)
        }
    }

    /// Adds a statement at the current position, dropping any statements after it (a fork),
    /// and applies it.
    @discardableResult
    public mutating func append(_ statement: Statement) throws(Diagnostic) -> Step {
        if position < statements.count {
            statements.removeSubrange(position...)
            for key in checkpoints.keys where key > position { checkpoints[key] = nil }
        }
        if position < knownSteps.count { knownSteps.removeSubrange(position...) }
        statements.append(statement)
        do {
            return try stepForward()!
        } catch {
            statements.removeLast()
            throw error
        }
    }

    /// The indices of `pause` statements: chapter boundaries.
    public var chapters: [Int] {
        statements.indices.filter {
            if case .pause = statements[$0].kind { return true }
            return false
        }
    }

    /// The statements applied so far, as a scenario file that replays to the same state.
    public var recording: String {
        var lines = ["# recorded by sessionscope", StatementPrinter.text(.command(.cluster(initialSettings)))]
        for statement in statements[..<position] { lines.append(statement.text) }
        return lines.joined(separator: "\n") + "\n"
    }
}
