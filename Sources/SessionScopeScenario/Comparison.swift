import SessionScopeCore

/// Runs one scenario under several cluster settings and lines up, request by request, what
/// each answered: status, user, server.
public struct Comparison {
    /// One column: a name and the settings forced onto every cluster.
    public struct Variant: Sendable {
        public var name: String
        public var overrides: [(String, String)]
        public init(name: String, overrides: [(String, String)]) {
            self.name = name
            self.overrides = overrides
        }
    }

    public struct Row: Sendable {
        public var line: Int
        public var statement: String
        public var outcomes: [String]
    }

    public static func run(
        _ scenario: Scenario, variants: [Variant],
        storeFactory: @escaping StoreFactory
    ) throws(Diagnostic) -> [Row] {
        var rows: [Row] = []
        for (column, variant) in variants.enumerated() {
            var run = try ScenarioRun(scenario: scenario, overrides: variant.overrides, storeFactory: storeFactory)
            var requestIndex = 0
            while let step = try run.step() {
                guard case .command(let command) = step.statement.kind, let browser = requester(command) else {
                    continue
                }
                let last = run.world.browser(named: browser)?.last
                let outcome =
                    "\(last?.status.map(String.init) ?? "–") \(last?.user ?? "-") "
                    + "\(last?.server.map { "s\($0)" } ?? "-")"
                if column == 0 {
                    rows.append(
                        Row(line: step.statement.location.line, statement: step.statement.text, outcomes: [outcome]))
                } else if requestIndex < rows.count {
                    rows[requestIndex].outcomes.append(outcome)
                }
                requestIndex += 1
            }
        }
        return rows
    }

    static func requester(_ command: Command) -> String? {
        switch command {
        case .request(let browser, _, _, _), .login(let browser, _, _, _), .logout(let browser),
            .sendRecorded(let browser, _, _, _, _):
            return browser
        default: return nil
        }
    }

    /// The rows as an aligned text table with a header.
    public static func table(_ rows: [Row], variants: [Variant]) -> String {
        let statementWidth = min(40, max(9, rows.map(\.statement.count).max() ?? 0))
        let columnWidth = max(14, variants.map(\.name.count).max() ?? 0)
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
        }
        var out =
            pad("line", 5) + pad("statement", statementWidth + 2)
            + variants.map { pad($0.name, columnWidth + 2) }.joined() + "\n"
        for row in rows {
            out +=
                pad(String(row.line), 5) + pad(row.statement, statementWidth + 2)
                + row.outcomes.map { pad($0, columnWidth + 2) }.joined() + "\n"
        }
        out += "(each cell: status user server)\n"
        return out
    }
}
