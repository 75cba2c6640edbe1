import SessionScopeCore

extension StorePane {
    /// One node of a store with replicas (1.1): `store-2 replica  off 1234  link up`, its
    /// role and replication offset as the process reports them (`INFO replication`).
    static func nodeLine(_ node: StoreNode, changed: Bool, language: String) -> StyledLine {
        let name = "store-\(node.number) "
        let offset = node.offset.map { " " + L10n.format("store.offset", language, $0) } ?? ""
        switch node.role {
        case .primary:
            return StyledLine([
                (name, .bold), (L10n.text("store.primary", language), .good), (offset, changed ? .changed : .plain),
            ])
        case .replica:
            let link: (String, Style)
            if node.stalled {
                link = ("  " + L10n.text("store.linkStalled", language), .bad)
            } else {
                link =
                    node.linkUp == true
                    ? ("  " + L10n.text("store.linkUp", language), .muted)
                    : ("  " + L10n.text("store.linkDown", language), .bad)
            }
            return StyledLine([
                (name, .bold), (L10n.text("store.replica", language), .plain), (offset, changed ? .changed : .plain),
                link,
            ])
        case .down:
            return StyledLine([(name, .bold), (L10n.text("store.nodeDown", language), .bad)])
        }
    }
}
