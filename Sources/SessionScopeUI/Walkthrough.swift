import SessionScopeScenario

/// A walkthrough's shape as the UI talks about it: its title, its chapters (the statements up
/// to and including each `pause`), and which narration lines a language shows.
enum Walkthrough {
    /// The text of the first `title` statement.
    static func title(_ statements: [Statement]) -> String? {
        for statement in statements {
            if case .title(let text) = statement.kind { return text }
        }
        return nil
    }

    /// The chapter a position is in: the one holding the last statement applied (a `pause`
    /// belongs to the chapter it ends, so a stop shows the chapter just finished).
    struct Chapter: Equatable {
        /// 1-based.
        var number: Int
        var count: Int
        /// The name its closing `pause` gives it.
        var name: String?
        /// The index of its first statement.
        var start: Int
    }

    static func chapter(_ statements: [Statement], position: Int) -> Chapter {
        let pauses = statements.indices.filter { isPause(statements[$0]) }
        let last = position - 1
        let before = pauses.filter { $0 < last }
        let closing = pauses.first { $0 >= max(0, last) }
        var name: String?
        if let closing, case .pause(let n) = statements[closing].kind { name = n }
        let trailing = pauses.last.map { $0 == statements.count - 1 } ?? false
        return Chapter(
            number: before.count + 1, count: pauses.count + (trailing ? 0 : 1), name: name,
            start: before.last.map { $0 + 1 } ?? 0)
    }

    static func isPause(_ statement: Statement) -> Bool {
        if case .pause = statement.kind { return true }
        return false
    }

    static func isSay(_ statement: Statement) -> Bool {
        if case .say = statement.kind { return true }
        return false
    }

    /// Whether statement `index` is a `say` line the language does not show (`say ko` while
    /// reading in English): stepping passes over it instead of stopping at a visible no-op.
    static func isHiddenNarration(_ statements: [Statement], _ index: Int, language: String) -> Bool {
        guard statements.indices.contains(index), isSay(statements[index]) else { return false }
        var start = index
        while start > 0, isSay(statements[start - 1]) { start -= 1 }
        var end = index
        while end + 1 < statements.count, isSay(statements[end + 1]) { end += 1 }
        let visible = NarrationFilter.visible(Array(statements[start...end]), language: language)
        return !visible.contains(index - start)
    }

    /// The position one step forward from `position`, past hidden narration.
    static func stepForward(_ statements: [Statement], from position: Int, language: String) -> Int {
        var target = min(statements.count, position + 1)
        // Never stop just after a hidden line: the press would seem to do nothing.
        while target < statements.count, isHiddenNarration(statements, target - 1, language: language) {
            target += 1
        }
        return target
    }

    /// The position one step back from `position`, past hidden narration.
    static func stepBack(_ statements: [Statement], from position: Int, language: String) -> Int {
        var target = max(0, position - 1)
        while target > 0, isHiddenNarration(statements, target - 1, language: language) { target -= 1 }
        return target
    }
}
