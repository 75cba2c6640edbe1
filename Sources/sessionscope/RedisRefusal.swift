import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores

/// `--redis URL` names a Redis sessionscope did not start: a scenario that would reconfigure
/// it (`persistence`, `maxmemory`, `eviction`) or restart it (`store restart`) is refused
/// before any of it runs (1.1), at the line that asks.
enum RedisRefusal {
    static func first(in scenario: Scenario, overrides: [(String, String)], redisURL: String?) -> Diagnostic? {
        guard let redisURL else { return nil }
        var settings = ClusterSettings()
        for (key, value) in overrides { try? settings.set(key, value) }
        for statement in scenario.statements {
            guard case .command(let command) = statement.kind else { continue }
            if case .cluster(var written) = command {
                for (key, value) in overrides { try? written.set(key, value) }
                settings = written
                guard settings.store == .redis, let refusal = StoreProvider.refusal(settings, redisURL: redisURL)
                else { continue }
                return Diagnostic(
                    file: scenario.file, location: keyLocation(statement, StoreProvider.refusedWords(settings)),
                    message: refusal.message)
            }
            if command == .storeRestart, settings.store == .redis {
                return Diagnostic(
                    file: scenario.file, location: statement.location,
                    message: RedisStore.restartRefusal)
            }
        }
        return nil
    }

    /// Where on the `cluster` line the first refused key is written (the line's start when it
    /// is not written there: a command-line override).
    private static func keyLocation(_ statement: Statement, _ words: [String]) -> SourceLocation {
        let text = Array(statement.text.utf8)
        let start = text.firstIndex { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") } ?? 0
        let keys = words.compactMap { $0.split(separator: "=").first.map { Array("\($0)=".utf8) } }
        var index = start
        while index < text.count {
            let atWord = index == start || text[index - 1] == UInt8(ascii: " ") || text[index - 1] == UInt8(ascii: "\t")
            if atWord, keys.contains(where: { text[index...].starts(with: $0) }) {
                return SourceLocation(line: statement.location.line, column: statement.location.column + index - start)
            }
            index += 1
        }
        return statement.location
    }
}
