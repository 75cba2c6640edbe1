import SessionScopeCore

/// Builds the real shared stores a cluster asks for, and cleans them up at exit.
final class StoreFactory {
    let options: ClusterOptions

    init(options: ClusterOptions) { self.options = options }

    func make(_ settings: ClusterSettings) throws -> any SharedSessionStore {
        throw WorldError("store=\(settings.store.rawValue) is not available yet in this build")
    }

    func shutdown() {}
}
