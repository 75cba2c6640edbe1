import SessionScopeCore

/// One statement carried out: what it was, what happened, and for `expect`, the verdict.
public struct Step: Sendable {
    public var index: Int
    public var statement: Statement
    public var events: [Event]
    public var check: CheckResult?
    /// The clock before the statement ran.
    public var clockBefore: Instant
    /// The world's `epoch` after the statement (for the dates in event texts).
    public var epoch = World.epochUnixSeconds
}

/// The verdict of one `expect`.
public struct CheckResult: Equatable, Sendable {
    public var passed: Bool
    public var actual: Value
}

/// Runs a scenario one statement at a time against a world.
public struct ScenarioRun {
    public let scenario: Scenario
    public private(set) var world: World
    /// Index of the next statement to run.
    public private(set) var next = 0
    /// `key=value` settings forced onto every cluster (the command line's `--store` ...).
    public let overrides: [(String, String)]

    /// A run on a fresh default world (with `overrides` applied).
    public init(
        scenario: Scenario, overrides: [(String, String)] = [],
        storeFactory: @escaping StoreFactory = inMemoryStore
    ) throws(Diagnostic) {
        self.scenario = scenario
        self.overrides = overrides
        var settings = ClusterSettings()
        do { try Self.apply(overrides, to: &settings) } catch {
            throw Diagnostic(file: scenario.file, location: SourceLocation(line: 1, column: 1), message: error.message)
        }
        do {
            world = try World(settings: settings, storeFactory: storeFactory)
        } catch {
            throw Diagnostic(file: scenario.file, location: SourceLocation(line: 1, column: 1), message: error.message)
        }
    }

    static func apply(_ overrides: [(String, String)], to settings: inout ClusterSettings) throws(SettingError) {
        for (key, value) in overrides { try settings.set(key, value) }
    }

    public var isFinished: Bool { next >= scenario.statements.count }

    /// Runs the next statement. Throws when a `cluster` cannot get its store.
    public mutating func step() throws(Diagnostic) -> Step? {
        guard !isFinished else { return nil }
        let step = try Self.perform(
            scenario.statements[next], index: next, on: &world,
            overrides: overrides, file: scenario.file)
        next += 1
        return step
    }

    /// Carries out one statement on a world: commands change it, `expect` checks it.
    public static func perform(
        _ statement: Statement, index: Int, on world: inout World,
        overrides: [(String, String)], file: String
    ) throws(Diagnostic) -> Step {
        let clockBefore = world.clock
        var events: [Event] = []
        var check: CheckResult?
        switch statement.kind {
        case .command(let command):
            var command = command
            if case .cluster(var settings) = command, !overrides.isEmpty {
                do { try apply(overrides, to: &settings) } catch {
                    throw Diagnostic(file: file, location: statement.location, message: error.message)
                }
                command = .cluster(settings)
            }
            do { events = try world.apply(command) } catch {
                throw Diagnostic(file: file, location: statement.location, message: error.message)
            }
        case .expect(let expectation):
            let (passed, actual) = world.check(expectation)
            check = CheckResult(passed: passed, actual: actual)
        case .title, .say, .pause:
            break
        }
        return Step(
            index: index, statement: statement, events: events, check: check, clockBefore: clockBefore,
            epoch: world.settings.epoch)
    }

    /// Runs to the end, handing each step to `observe`.
    public mutating func runToEnd(_ observe: (Step) -> Void) throws(Diagnostic) {
        while let step = try step() { observe(step) }
    }
}

/// Chooses which narration lines to show in a language: in each run of consecutive `say`
/// lines, those in the language (and those with none); where there are none in it, English.
public enum NarrationFilter {
    public static func visible(_ statements: [Statement], language: String) -> Set<Int> {
        var shown: Set<Int> = []
        var index = 0
        while index < statements.count {
            guard case .say = statements[index].kind else {
                index += 1
                continue
            }
            var group: [(Int, String?)] = []
            while index < statements.count, case .say(let lang, _) = statements[index].kind {
                group.append((index, lang))
                index += 1
            }
            let languages = Set(group.compactMap(\.1))
            let chosen: String? =
                languages.contains(language) ? language : languages.contains("en") ? "en" : languages.sorted().first
            for (i, lang) in group where lang == nil || lang == chosen { shown.insert(i) }
        }
        return shown
    }
}
