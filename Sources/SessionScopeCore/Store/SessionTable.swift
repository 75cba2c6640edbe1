/// One server's in-memory session table, as a `local` or `replicated` server holds it.
///
/// A session costs 40 bytes packed (`SessionHashTable.Entry`: the 16-byte id, created, last
/// access, a 4-byte user number and the client address) plus its share of the index and an
/// 8-byte entry in the expiry buckets; user names are stored once per table. Sweeps cost
/// what expires, not what is held (`ExpiryBuckets`).
public struct SessionTable: Sendable {
    private var table = SessionHashTable()
    private var buckets = ExpiryBuckets()
    private var users = UserNames()
    /// The application data of the sessions that have any (1.1: cart, theme). Beside the
    /// packed entries, not in them: almost no session has data, and the entries stay 40 bytes.
    private var data: [SessionID: SessionData] = [:]
    /// What `data` holds, roughly, for `memoryBytes` (kept up to date, so that stays constant time).
    private var dataBytes = 0

    public init() {}

    public var count: Int { table.count }

    public subscript(id: SessionID) -> SessionRecord? {
        table.find(id).map { withData(unpack(table.entries[$0])) }
    }

    /// The record with its data, if it has any.
    private func withData(_ record: consuming SessionRecord) -> SessionRecord {
        guard !data.isEmpty, let extra = data[record.id] else { return record }
        record.data = extra
        return record
    }

    /// Keeps (or forgets) a session's data beside its entry.
    private mutating func setData(_ value: SessionData, for id: SessionID) {
        guard !value.isEmpty || !data.isEmpty else { return }
        if let old = data[id] { dataBytes -= Self.bytes(of: old) }
        if value.isEmpty {
            data[id] = nil
        } else {
            data[id] = value
            dataBytes += Self.bytes(of: value)
        }
    }

    private static func bytes(of value: SessionData) -> Int {
        // A dictionary slot (id and the value's header), and the strings' bytes.
        48 + value.cart.reduce(0) { $0 + 16 + $1.utf8.count } + (value.theme.map { 16 + $0.utf8.count } ?? 0)
    }

    /// The subscript for the request path, which reads a table inside the world's array of
    /// servers: taken `inout`, the table is read where it lies, where a plain call copies
    /// it out first (a retain and release of each of its arrays, on every request).
    /// Nothing is written.
    public static func lookup(_ id: SessionID, in table: inout SessionTable) -> SessionRecord? {
        guard let index = table.table.find(id) else { return nil }
        // Returned as built (no session has data, usually): a record kept in a local and
        // returned from it is copied and destroyed, a retain and release of its references.
        if table.data.isEmpty { return unpack(table.table.entries[index], table.users) }
        return table.withData(unpack(table.table.entries[index], table.users))
    }

    /// Every session, unpacked on the way out, in the table's order: arrival, except that a
    /// removal moves the newest session into the gap. Deterministic for a given history.
    public var records: some RandomAccessCollection<SessionRecord> {
        table.entries.lazy.map { [users, data] entry in
            var record = Self.unpack(entry, users)
            if !data.isEmpty, let extra = data[entry.id] { record.data = extra }
            return record
        }
    }

    /// The ids held, in the same order as `records`.
    public var ids: some RandomAccessCollection<SessionID> {
        table.entries.lazy.map(\.id)
    }

    private func unpack(_ entry: SessionHashTable.Entry) -> SessionRecord {
        Self.unpack(entry, users)
    }

    @inline(__always)
    private static func unpack(_ entry: SessionHashTable.Entry, _ users: UserNames) -> SessionRecord {
        SessionRecord(
            id: entry.id, user: users.name(entry.user),
            created: Instant(milliseconds: entry.created), lastAccess: Instant(milliseconds: entry.lastAccess),
            clientIP: IPv4(entry.clientIP))
    }

    /// Inserts or replaces a record and files it under the sweep tick at which it may expire.
    public mutating func save(_ record: SessionRecord, timeout: TimeSpan, absolute: TimeSpan?, sweep: TimeSpan) {
        let tick = ExpiryBuckets.tick(containing: record.expiresAt(timeout: timeout, absolute: absolute), sweep: sweep)
        if let index = table.find(record.id) {
            let previous = table.entries[index]
            table.update(at: index, pack(record, previousUser: previous.user))
            // A touch within the same sweep tick is already filed there. (From the packed
            // times: unpacking would look up the user's name for nothing.)
            let previousExpiry = SessionRecord.expiry(
                created: Instant(milliseconds: previous.created),
                lastAccess: Instant(milliseconds: previous.lastAccess),
                timeout: timeout, absolute: absolute)
            // Asked here first: a touch of a session without data (almost every save) needs no call.
            if !record.data.isEmpty || !data.isEmpty { setData(record.data, for: record.id) }
            if ExpiryBuckets.tick(tick, contains: previousExpiry, sweep: sweep) { return }
        } else {
            table.append(pack(record, previousUser: 0))
            setData(record.data, for: record.id)
        }
        buckets.file(record.id.high, tick: tick)
    }

    /// What `save` does for a session whose only change is its access time (a request that
    /// read it and changed nothing), without packing the record again: the access time is
    /// written into the packed entry, and the session is filed under a new sweep tick if its
    /// expiry moved into one. False (and nothing changed) when the table has no such session.
    public mutating func touch(_ id: SessionID, lastAccess: Instant, rules: ExpiryRules) -> Bool {
        guard let index = table.find(id) else { return false }
        var entry = table.entries[index]
        let created = Instant(milliseconds: entry.created)
        let previousExpiry = SessionRecord.expiry(
            created: created, lastAccess: Instant(milliseconds: entry.lastAccess), timeout: rules.timeout,
            absolute: rules.absolute)
        entry.lastAccess = lastAccess.milliseconds
        table.update(at: index, entry)
        let expiry = SessionRecord.expiry(
            created: created, lastAccess: lastAccess, timeout: rules.timeout, absolute: rules.absolute)
        let tick = ExpiryBuckets.tick(containing: expiry, sweep: rules.sweep)
        if !ExpiryBuckets.tick(tick, contains: previousExpiry, sweep: rules.sweep) { buckets.file(id.high, tick: tick) }
        return true
    }

    /// `save` with the cluster's rules.
    public mutating func save(_ record: SessionRecord, rules: ExpiryRules) {
        save(record, timeout: rules.timeout, absolute: rules.absolute, sweep: rules.sweep)
    }

    private mutating func pack(_ record: SessionRecord, previousUser: UInt32) -> SessionHashTable.Entry {
        SessionHashTable.Entry(
            high: record.id.high, low: record.id.low,
            created: record.created.milliseconds, lastAccess: record.lastAccess.milliseconds,
            user: users.number(of: record.user, hint: previousUser), clientIP: record.clientIP.value)
    }

    @discardableResult
    public mutating func remove(_ id: SessionID) -> SessionRecord? {
        guard let index = table.find(id) else { return nil }
        // Two statements on purpose: in `unpack(table.remove(at:))` the copy of `self` for
        // `unpack` is taken before the argument runs, so the removal would find its arrays
        // shared and copy all of them, on every removal.
        let removed = table.remove(at: index)
        var record = unpack(removed)
        if !data.isEmpty, let extra = data[id] {
            record.data = extra
            setData(SessionData(), for: id)
        }
        return record
    }

    /// Forgets everything (a crash).
    public mutating func removeAll() {
        self = SessionTable()
    }

    /// Removes every record that is no longer valid at `now` (a sweep tick) and returns them,
    /// ordered by id. Only the buckets up to `now` are visited.
    public mutating func sweep(now: Instant, timeout: TimeSpan, absolute: TimeSpan?, sweep: TimeSpan) -> [(
        SessionRecord, ExpiryReason
    )] {
        var removed: [(SessionRecord, ExpiryReason)] = []
        for high in buckets.takeDue(upTo: now.milliseconds / sweep.milliseconds) {
            // Almost always one session; ids sharing a high half are checked each.
            for index in table.indices(high: high).sorted(by: >) {
                let record = withData(unpack(table.entries[index]))
                guard case .expired(let reason) = record.validity(at: now, timeout: timeout, absolute: absolute) else {
                    continue
                }
                table.remove(at: index)
                setData(SessionData(), for: record.id)
                removed.append((record, reason))
            }
        }
        return removed.sorted { $0.0.id < $1.0.id }
    }

    /// `sweep` with the cluster's rules.
    public mutating func sweep(now: Instant, rules: ExpiryRules) -> [(SessionRecord, ExpiryReason)] {
        sweep(now: now, timeout: rules.timeout, absolute: rules.absolute, sweep: rules.sweep)
    }

    /// What each session itself costs in the table: its packed entry, its slot in the
    /// index and its entry in the expiry buckets.
    public static let bytesPerSession =
        MemoryLayout<SessionHashTable.Entry>.stride + MemoryLayout<UInt32>.stride + MemoryLayout<UInt64>.stride

    /// The bytes the sessions held now take: 0 with no session, whatever was reserved
    /// before. What the memory lesson counts ("every session costs server memory").
    public var heldBytes: Int { count * Self.bytesPerSession }

    /// The bytes this table occupies, from what it really holds: the packed sessions and
    /// their index, the expiry buckets, and the interned user names. Constant time, and the
    /// same on every run for the same history.
    public var memoryBytes: Int {
        table.memoryBytes + buckets.memoryBytes + users.memoryBytes + dataBytes
    }
}

extension SessionTable: Equatable {
    /// The same sessions, whatever the order or layout they are kept in.
    public static func == (lhs: SessionTable, rhs: SessionTable) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.table.sharesStorage(with: rhs.table) { return true }
        return lhs.records.allSatisfy { rhs[$0.id] == $0 }
    }
}
