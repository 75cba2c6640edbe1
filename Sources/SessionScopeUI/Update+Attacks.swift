import SessionScopeCore
import SessionScopeScenario

/// The keys of the 1.1 lessons: two requests at once (`a`), a forged token (`T`), and how a
/// cookie is stolen (`s` asks whose, then how). Each builds a typed statement, so `w` writes
/// exactly what was done.
extension AppModel {
    /// `a`: asks for two (or more) requests, `|` between them, to send at once.
    mutating func startTogether() {
        guard let name = requireOpenBrowser() else { return }
        mode = .input(
            InputLine(
                purpose: .together, prompt: L10n.text("prompt.together", language), text: "",
                placeholder: "\(name) post /cart item=pen | \(name) post /prefs theme=dark"))
    }

    /// `T`: asks how to change the selected browser's token (`CLAIM=VALUE` or `alg=none`).
    mutating func startTamper() {
        guard let name = requireBrowser() else { return }
        let other = browser?.last?.user == "bob" ? "alice" : "bob"
        mode = .input(
            InputLine(
                purpose: .tamper(browser: name), prompt: L10n.format("prompt.tamper", language, name), text: "",
                placeholder: "sub=\(other)"))
    }

    /// `s`: whose cookies the selected browser steals; then how (`stealVia`).
    mutating func startSteal() {
        guard let thief = requireBrowser(), requireAnotherBrowser() else { return }
        let victim = world.browsers.first { $0.name != thief }?.name ?? ""
        mode = .input(
            InputLine(
                purpose: .stealFrom(thief: thief), prompt: L10n.format("prompt.steal", language, thief), text: "",
                placeholder: victim))
    }

    /// The answers to the prompts above.
    mutating func submitAttack(_ purpose: InputLine.Purpose, _ text: String) {
        switch purpose {
        case .stealFrom(let thief):
            mode = .input(
                InputLine(
                    purpose: .stealVia(thief: thief, victim: text), prompt: L10n.text("prompt.stealVia", language),
                    text: "", placeholder: StealMethod.copy.rawValue))
        case .stealVia(let thief, let victim):
            guard let via = StealMethod(rawValue: text.trimmingSpaces) else {
                message = (L10n.format("message.badVia", language, text), true)
                return
            }
            run(.command(.steal(thief: thief, victim: victim, via: via)))
        case .tamper(let browser):
            let change = text.trimmingSpaces
            guard let equals = change.firstIndex(of: "="), equals != change.startIndex else {
                message = (L10n.format("message.badTamper", language, text), true)
                return
            }
            let name = String(change[..<equals])
            let value = String(change[change.index(after: equals)...])
            let tamper: TokenTamper = name == "alg" && value == "none" ? .algNone : .claim(name: name, value: value)
            run(.command(.tamper(browser: browser, change: tamper)))
        case .together:
            // The parser reads the requests (with their own checks and messages); the
            // statement is then run as the typed kind it read back as.
            var trial = parser
            do {
                let (tokens, clean) = try Lexer(file: "command").tokenize("together " + text, line: 1)
                let statement = try trial.statement(tokens, text: clean)
                run(statement.kind)
            } catch {
                message = (error.description, true)
            }
        case .command, .loginUser, .loginPassword, .recordPath:
            break
        }
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
