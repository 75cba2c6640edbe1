import SessionScopeCore

extension Parser {
    /// `store lag on|off` and `store failover` (1.1): only where the cluster has replicas,
    /// so that a file that asks for them without any is rejected before it runs.
    func storeReplication(_ tokens: [Token]) throws(Diagnostic) -> Command {
        let command: Command
        if tokens[1].text == "failover" {
            try need(tokens, exactly: 2, "store failover takes no arguments")
            command = .storeFailover
        } else {
            try need(tokens, exactly: 3, "store lag takes 'on' or 'off': store lag on")
            switch tokens[2].text {
            case "on": command = .storeLag(true)
            case "off": command = .storeLag(false)
            default: throw error(tokens[2], "store lag takes 'on' or 'off', not '\(tokens[2].raw)'")
            }
        }
        let what = tokens[1].text == "failover" ? "store failover" : "store lag"
        guard shape.store == .redis else {
            throw error(
                tokens[1],
                "\(what) needs store=redis with replicas (cluster store=redis replicas=1); this cluster has "
                    + "store=\(shape.store.rawValue)")
        }
        guard shape.replicas > 0 else {
            throw error(tokens[1], "\(what) needs replicas=1 or more (cluster store=redis replicas=1)")
        }
        return command
    }
}
