/// Where sessions are read and written, by store kind. The application code above never
/// asks which store is in use; these three operations do.
extension World {
    mutating func loadSession(_ id: SessionID, server k: Int) throws -> SessionRecord? {
        switch settings.store {
        case .local, .replicated:
            return SessionTable.lookup(id, in: &servers[k - 1].table)
        case .sqlite, .redis:
            // The caller records the timing after it has said what the load found.
            return try sharedStore?.load(id)
        case .jwt:
            return nil
        }
    }

    mutating func saveSession(_ record: SessionRecord, server k: Int) throws {
        switch settings.store {
        case .local:
            servers[k - 1].table.save(
                record, timeout: settings.timeout, absolute: settings.absolute, sweep: settings.sweep)
        case .replicated:
            var copiedTo: [Int] = []
            for index in servers.indices where servers[index].isUp {
                servers[index].table.save(
                    record, timeout: settings.timeout, absolute: settings.absolute, sweep: settings.sweep)
                if index + 1 != k { copiedTo.append(index + 1) }
            }
            if !copiedTo.isEmpty { emit(.sessionReplicated(id: record.id, from: k, to: copiedTo, removed: false)) }
        case .sqlite, .redis:
            defer { recordTimings() }
            try sharedStore?.save(
                record, expiresAt: record.expiresAt(timeout: settings.timeout, absolute: settings.absolute), now: clock)
        case .jwt:
            break
        }
    }

    mutating func deleteSession(_ id: SessionID, server k: Int) throws {
        switch settings.store {
        case .local:
            servers[k - 1].table.remove(id)
        case .replicated:
            var copiedTo: [Int] = []
            for index in servers.indices where servers[index].isUp {
                servers[index].table.remove(id)
                if index + 1 != k { copiedTo.append(index + 1) }
            }
            if !copiedTo.isEmpty { emit(.sessionReplicated(id: id, from: k, to: copiedTo, removed: true)) }
        case .sqlite, .redis:
            defer { recordTimings() }
            try sharedStore?.delete(id)
        case .jwt:
            break
        }
    }
}
