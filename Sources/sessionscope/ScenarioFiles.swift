import Foundation
import SessionScopeCore
import SessionScopeScenario

/// Reads and parses scenario files, reporting problems as diagnostics.
enum ScenarioFiles {
    /// Parses a file; a read failure is reported like a parse error at 1:1.
    static func load(_ path: String) throws(Diagnostic) -> Scenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            let why = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw Diagnostic(file: path, location: SourceLocation(line: 1, column: 1), message: "\(why)")
        }
        return try Parser.parse(file: path, bytes: Array(data))
    }
}
