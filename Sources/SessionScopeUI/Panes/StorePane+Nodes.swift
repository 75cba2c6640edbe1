import SessionScopeCore

extension StorePane {
    /// One node of a store with replicas (1.1): `store-2 replica offset 1234  link up`, its
    /// role and replication offset as the process reports them (`INFO replication`). A narrow
    /// pane (80 columns) gets a shorter line rather than a cut one: `store-2 replica 1234 up`,
    /// then `store-2 repl 1234 up`.
    static func nodeLine(_ node: StoreNode, changed: Bool, language: String, width: Int = .max) -> StyledLine {
        var line = StyledLine()
        for level in 0...2 {
            line = nodeLine(node, changed: changed, language: language, level: level)
            if DisplayWidth.of(line.plainText) <= width { break }
        }
        return line
    }

    /// The line at a level of shortness: 0 in full, 1 without the word "offset" and with short
    /// link words, 2 with short roles too.
    private static func nodeLine(_ node: StoreNode, changed: Bool, language: String, level: Int) -> StyledLine {
        let name = "store-\(node.number) "
        let short = level > 0 ? ".short" : ""
        let role = level > 1 ? ".short" : ""
        let offset =
            node.offset.map { level > 0 ? " \($0)" : " " + L10n.format("store.offset", language, $0) } ?? ""
        let gap = level > 0 ? " " : "  "
        switch node.role {
        case .primary:
            return StyledLine([
                (name, .bold), (L10n.text("store.primary" + role, language), .good),
                (offset, changed ? .changed : .plain),
            ])
        case .replica:
            let link: (String, Style)
            if node.stalled {
                link = (gap + L10n.text("store.linkStalled" + short, language), .bad)
            } else {
                link =
                    node.linkUp == true
                    ? (gap + L10n.text("store.linkUp" + short, language), .muted)
                    : (gap + L10n.text("store.linkDown" + short, language), .bad)
            }
            return StyledLine([
                (name, .bold), (L10n.text("store.replica" + role, language), .plain),
                (offset, changed ? .changed : .plain), link,
            ])
        case .down:
            return StyledLine([(name, .bold), (L10n.text("store.nodeDown", language), .bad)])
        }
    }
}
