import SessionScopeCore

extension StorePane {
    /// One node of a store with replicas (1.1): `store-2 replica  off 1234  link up`, its
    /// role and replication offset as the process reports them (`INFO replication`).
    static func nodeLine(_ node: StoreNode, changed: Bool) -> StyledLine {
        let name = "store-\(node.number) "
        let offset = node.offset.map { " off \($0)" } ?? ""
        switch node.role {
        case .primary:
            return StyledLine([(name, .bold), ("primary", .good), (offset, changed ? .changed : .plain)])
        case .replica:
            let link: (String, Style)
            if node.stalled {
                link = ("  lag: link stalled", .bad)
            } else {
                link = node.linkUp == true ? ("  link up", .muted) : ("  link down", .bad)
            }
            return StyledLine([(name, .bold), ("replica", .plain), (offset, changed ? .changed : .plain), link])
        case .down:
            return StyledLine([(name, .bold), ("✖ down (killed)", .bad)])
        }
    }
}
