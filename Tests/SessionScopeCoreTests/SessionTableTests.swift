import Testing

@testable import SessionScopeCore

/// The session table against a plain dictionary doing the same thing, over a long seeded
/// sequence of saves, touches, removals and sweeps. Some ids share their high half on
/// purpose: the table finds sessions (and sweeps them) by that half.
@Test(arguments: [1, 2, 3] as [UInt64])
func sessionTableBehavesLikeADictionary(seed: UInt64) {
    let timeout = TimeSpan.minutes(30)
    let sweep = TimeSpan.minutes(1)
    let absolute: TimeSpan? = seed == 3 ? .hours(1) : nil
    var random = SplitMix64(seed: seed)
    var table = SessionTable()
    var model: [SessionID: SessionRecord] = [:]
    var now = Instant.zero
    var highs: [UInt64] = []

    func check(_ step: Int) {
        #expect(table.count == model.count, "step \(step)")
        for (id, record) in model where table[id] != record {
            Issue.record("step \(step): \(id) is \(String(describing: table[id])), expected \(record)")
            return
        }
    }

    for step in 0..<6_000 {
        let roll = random.next() % 100
        switch roll {
        case 0..<40:
            // A new session; one in five shares the high half of an earlier one.
            let high = !highs.isEmpty && roll < 8 ? highs[Int(random.next() % UInt64(highs.count))] : random.next()
            highs.append(high)
            let user = random.next() % 3 == 0 ? nil : "user-\(random.next() % 50)"
            let record = SessionRecord(
                id: SessionID(high: high, low: random.next()), user: user,
                created: now, lastAccess: now, clientIP: IPv4(UInt32(step)))
            table.save(record, timeout: timeout, absolute: absolute, sweep: sweep)
            model[record.id] = record
        case 40..<70:
            // A touch (sometimes a login) of a session held.
            guard let id = model.keys.min(by: { ($0.low ^ UInt64(step)) < ($1.low ^ UInt64(step)) }) else { continue }
            var record = model[id]!
            record.lastAccess = now
            if roll < 45 { record.user = "long-user-name-\(step % 7)-beyond-inline" }
            table.save(record, timeout: timeout, absolute: absolute, sweep: sweep)
            model[id] = record
        case 70..<80:
            guard let id = model.keys.max(by: { ($0.low ^ UInt64(step)) < ($1.low ^ UInt64(step)) }) else { continue }
            #expect(table.remove(id) == model.removeValue(forKey: id))
        case 80..<82:
            // A forged id is not found and changes nothing.
            #expect(table.remove(SessionID(high: random.next(), low: 1)) == nil)
        default:
            now = now + .seconds(Int64(random.next() % 240))
            let tick = Instant(milliseconds: now.milliseconds / sweep.milliseconds * sweep.milliseconds)
            let swept = table.sweep(now: tick, timeout: timeout, absolute: absolute, sweep: sweep)
            let due = model.values.filter { $0.validity(at: tick, timeout: timeout, absolute: absolute) != .valid }
            #expect(swept.map(\.0.id) == due.map(\.id).sorted(), "step \(step)")
            for record in due { model[record.id] = nil }
        }
        if step % 500 == 0 { check(step) }
    }
    check(6_000)
    #expect(Set(table.ids) == Set(model.keys))
}

@Test func tablesWithTheSameSessionsAreEqualWhateverTheirHistory() {
    let records = (1...100).map {
        SessionRecord(
            id: SessionID(high: UInt64($0) &* 0x9E37_79B9, low: UInt64($0)), user: $0 % 2 == 0 ? "u\($0)" : nil,
            created: .zero, lastAccess: .zero, clientIP: IPv4(1))
    }
    var forward = SessionTable()
    var backward = SessionTable()
    for record in records { forward.save(record, timeout: .minutes(30), absolute: nil, sweep: .minutes(1)) }
    for record in records.reversed() { backward.save(record, timeout: .minutes(30), absolute: nil, sweep: .minutes(1)) }
    #expect(forward == backward)
    backward.remove(records[0].id)
    #expect(forward != backward)
}

@Test func aSessionIsFortyBytesPackedAndTheFigureIsReproducible() {
    #expect(MemoryLayout<SessionHashTable.Entry>.stride == 40)
    func filled() -> SessionTable {
        var random = SplitMix64(seed: 9)
        var table = SessionTable()
        for i in 0..<50_000 {
            // Each session its own user: the interned names cost their full share.
            table.save(
                SessionRecord(
                    id: SessionID(using: &random), user: "u\(i)", created: .zero,
                    lastAccess: .zero, clientIP: IPv4(1)),
                timeout: .minutes(30), absolute: nil, sweep: .minutes(1))
        }
        return table
    }
    let table = filled()
    #expect(table.memoryBytes == filled().memoryBytes)
    // Entries grown by a quarter, an index at most three quarters full, 8-byte bucket
    // entries, and a name table of 4-byte slots.
    #expect(table.memoryBytes / table.count < 100, "\(table.memoryBytes / table.count) bytes a session")
}

@Test func namesAreNumberedInOrderAndFoundAgain() {
    var table = NameTable()
    let names = (0..<5_000).map { "guest-\($0)" } + ["", "ünïcödé", String(repeating: "long", count: 20)]
    for (number, name) in names.enumerated() { #expect(table.add(name) == number) }
    for (number, name) in names.enumerated() where table.number(of: name) != number {
        Issue.record("\(name) is \(String(describing: table.number(of: name))), expected \(number)")
    }
    #expect(table.number(of: "guest-5000") == nil)
    #expect(table.number(of: "guest-") == nil)
    #expect(table.names == names)
}

/// A touch asks whether its session stays in the sweep tick it was filed under with two
/// multiplications instead of a division: the answer is the division's for instants on both
/// sides of every tick boundary, for several sweep sizes.
@Test func aTickContainsAnInstantExactlyWhenTheDivisionSaysSo() {
    var random = SplitMix64(seed: 12)
    var inside = 0
    var outside = 0
    for size in [1, 7, 1_000, 60_000, 3_600_000] as [Int64] {
        let sweep = TimeSpan(milliseconds: size)
        for _ in 0..<2_000 {
            let tick = Int64(random.next() % 100_000)
            for instant in [(tick - 1) * size, (tick - 1) * size + 1, tick * size, tick * size + 1, tick * size / 2]
            where instant >= -size {
                let divided = ExpiryBuckets.tick(containing: Instant(milliseconds: instant), sweep: sweep) == tick
                #expect(ExpiryBuckets.tick(tick, contains: Instant(milliseconds: instant), sweep: sweep) == divided)
                if divided { inside += 1 } else { outside += 1 }
            }
        }
    }
    #expect(inside > 0 && outside > 0)
}

/// The request path touches a session by its id and new access time alone: over seeded
/// touches and sweeps, under idle and absolute limits, a touched table holds, files and
/// sweeps exactly what a table saved whole with the same records does.
@Test(arguments: [nil, TimeSpan.minutes(50)] as [TimeSpan?])
func aTouchLeavesTheTableAsASaveOfTheTouchedRecordWould(absolute: TimeSpan?) {
    let rules = ExpiryRules(timeout: .minutes(30), absolute: absolute, sweep: .minutes(1))
    var random = SplitMix64(seed: 13)
    var saved = SessionTable()
    var touched = SessionTable()
    var ids: [SessionID] = []
    for i in 0..<200 {
        let record = SessionRecord(
            id: SessionID(using: &random), user: i % 3 == 0 ? nil : "u\(i % 7)", created: .zero, lastAccess: .zero,
            clientIP: IPv4(UInt32(i)), data: i % 5 == 0 ? SessionData(cart: ["tea"]) : SessionData())
        saved.save(record, rules: rules)
        touched.save(record, rules: rules)
        ids.append(record.id)
    }
    var now = Instant.zero
    var sweptSessions = 0
    var touches = 0
    for _ in 0..<3_000 {
        now = now + TimeSpan(milliseconds: Int64(random.next() % 20_000))
        let id = ids[Int(random.next() % UInt64(ids.count))]
        if var record = saved[id] {
            record.lastAccess = now
            saved.save(record, rules: rules)
            let found = touched.touch(id, lastAccess: now, rules: rules)
            #expect(found)
            touches += 1
        } else {
            let found = touched.touch(id, lastAccess: now, rules: rules)
            #expect(!found)
        }
        if random.next() % 50 == 0 {
            let a = saved.sweep(now: now, rules: rules)
            let b = touched.sweep(now: now, rules: rules)
            #expect(a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1))
            sweptSessions += a.count
        }
        #expect(saved == touched)
    }
    #expect(saved.memoryBytes == touched.memoryBytes)
    // The property was exercised: sessions were touched, and some expired and were swept.
    #expect(touches > 100 && sweptSessions > 0)
}
