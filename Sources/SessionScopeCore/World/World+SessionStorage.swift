/// Where sessions are read and written: the world's `SessionStore`, whatever its kind. The
/// middleware above never asks which kind is in use; these operations add what every kind
/// shares (the trace of copies to other servers, the measured latency of real stores).
extension World {
    /// Where sessions handled by server `k` live, for events.
    func sessionLocation(server k: Int) -> SessionLocation {
        storePlacement == .shared ? .store : .server(k)
    }

    mutating func loadSession(_ id: SessionID, server k: Int) throws -> SessionRecord? {
        // The caller records the timing after it has said what the load found.
        if var local = localFastPath { return try local.load(id, server: k, memory: &servers) }
        return try store.load(id, server: k, memory: &servers)
    }

    mutating func saveSession(_ record: SessionRecord, server k: Int, touchOnly: Bool = false) throws {
        if var local = localFastPath {
            _ = try local.save(record, server: k, memory: &servers, now: clock)
            return
        }
        defer { recordTimings() }
        let copiedTo =
            touchOnly
            ? try store.touch(record, server: k, memory: &servers, now: clock)
            : try store.save(record, server: k, memory: &servers, now: clock)
        if !copiedTo.isEmpty { emit(.sessionReplicated(id: record.id, from: k, to: copiedTo, removed: false)) }
    }

    /// A touch on the direct path for `local`: only the id and the new access time are passed
    /// (`LocalStore.touch`). False, and nothing done, for other stores or a session gone.
    /// For the request path, which touches a session it loaded on almost every request: the
    /// record passed whole to `saveSession` was copied on the way, and reading back that copy
    /// of what had just been written stalled (a load cannot take its bytes from several
    /// smaller stores still on their way), which cost more than the rest of the save.
    @inline(__always)
    mutating func touchLocally(_ id: SessionID, lastAccess: Instant, server k: Int) -> Bool {
        guard let local = localFastPath else { return false }
        return local.touch(id, lastAccess: lastAccess, server: k, memory: &servers)
    }

    /// `save=delta`: only `attributes` and the access time; false when the session was gone.
    mutating func saveChanges(_ record: SessionRecord, _ attributes: SessionAttributes, server k: Int) throws -> Bool {
        defer { recordTimings() }
        guard let copiedTo = try store.saveChanges(record, attributes, server: k, memory: &servers, now: clock) else {
            return false
        }
        if !copiedTo.isEmpty { emit(.sessionReplicated(id: record.id, from: k, to: copiedTo, removed: false)) }
        return true
    }

    mutating func deleteSession(_ id: SessionID, server k: Int) throws {
        defer { recordTimings() }
        let copiedTo = try store.delete(id, server: k, memory: &servers)
        if !copiedTo.isEmpty { emit(.sessionReplicated(id: id, from: k, to: copiedTo, removed: true)) }
    }

    /// Turns the store's measured operations into events, beside what they did.
    mutating func recordTimings() {
        // Only real stores measure anything; the in-memory kinds are not asked per request.
        guard storePlacement == .shared else { return }
        for timing in store.drainTimings() {
            emit(.storeOperation(name: timing.operation, microseconds: timing.microseconds))
        }
    }

    /// Drops measured operations that are not part of the run (looking at the store).
    mutating func discardTimings() {
        _ = store.drainTimings()
    }
}
