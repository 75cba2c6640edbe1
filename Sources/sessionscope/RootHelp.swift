import ArgumentParser

/// `sessionscope --help`: the root command's help with the terminal UI's options in it.
/// Without a subcommand sessionscope *is* the UI, so its options belong on the first page;
/// argument-parser shows only a default subcommand's name there.
enum RootHelp {
    /// Whether the arguments ask for the root's help.
    static func isRequested(_ arguments: [String]) -> Bool {
        arguments == ["--help"] || arguments == ["-h"] || arguments == ["help"]
    }

    static func text(columns: Int? = nil) -> String {
        let root = SessionScope.helpMessage(columns: columns)
        let ui = Interactive.helpMessage(columns: columns)
        guard let uiOptions = ui.range(of: "OPTIONS:\n"), let rootOptions = root.range(of: "OPTIONS:\n"),
            let subcommands = root.range(of: "SUBCOMMANDS:\n")
        else { return root }
        let options = ui[uiOptions.upperBound...].trimmingTrailingNewlines()
        var text = String(root[..<rootOptions.lowerBound])
        text = text.replacingOccurrences(
            of: "USAGE: sessionscope <subcommand>\n",
            with: "USAGE: sessionscope [<options>]\n       sessionscope <subcommand> [<arguments>]\n")
        text += "OPTIONS (the terminal UI's, as for sessionscope ui):\n" + options + "\n\n"
        text += root[subcommands.lowerBound...]
        return text
    }
}

extension StringProtocol {
    fileprivate func trimmingTrailingNewlines() -> String {
        var text = String(self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
