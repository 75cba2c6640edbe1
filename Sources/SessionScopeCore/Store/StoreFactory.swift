/// Makes the store for a cluster. The core builds only the in-memory kinds (it does no
/// I/O); whoever builds a world with a real store passes a factory that knows them
/// (`StoreProvider.make` in SessionScopeStores), which falls back on `inMemoryStore`.
public typealias StoreFactory = (ClusterSettings) throws -> any SessionStore

/// The registry of the kinds the core can build. The switch is exhaustive on purpose: a new
/// `StoreKind` does not compile until both registries say how to make it.
public func inMemoryStore(_ settings: ClusterSettings) throws -> any SessionStore {
    switch settings.store {
    case .local: return LocalStore(rules: settings.expiryRules)
    case .replicated: return ReplicatedStore(rules: settings.expiryRules)
    case .jwt: return TokenOnlyStore()
    case .sqlite, .redis:
        throw WorldError(
            "store=\(settings.store.rawValue) needs a real store, which this build of the world was not given")
    }
}
