import Foundation
import Testing

/// "The command line never dies by a signal": seeded odd values for every option of every
/// subcommand, each run checked for an exit status of 0, 1 or 2, with a message on standard
/// error when it is not 0. Nothing here starts the terminal UI (standard input is not a
/// terminal), runs a benchmark, or reaches past loopback: a Redis URL that parses names a
/// closed port on 127.0.0.1, and `--store redis` always comes with one.
enum OddValues {
    /// What an option takes, which decides the odd values it is given.
    enum Kind {
        case flag, number, duration, lang, httpURL, date, redisURL, path, list, groups
        case choice([String])
    }

    /// A closed loopback port: connecting is refused at once.
    static let closedRedis = "redis://127.0.0.1:1"

    static let generic: [[UInt8]] =
        [
            "", " ", "0", "-1", "-0", "1.5", "1e309", "NaN", "-inf", "99999999999999999999999999",
            "-9223372036854775809", "--", "-", "=", "a=b", "--help=1", "é한🙂\u{301}", "\u{202E}evil", "%s%n%x",
            "../../../../etc/passwd", "\t\r", String(repeating: "x", count: 20_000), String(repeating: "9", count: 400),
        ].map { Array($0.utf8) } + [
            // Bytes that are not UTF-8: a lone continuation, a truncated sequence, a surrogate,
            // an overlong slash, a five-byte form and a bare 0xFF.
            [0x80], [0x61, 0xC3], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFF, 0xFE],
        ]

    static func specific(_ kind: Kind, directory: String) -> [String] {
        switch kind {
        case .flag: return []
        case .number: return ["0", "17", "16", "1", "+3", "0x10", "1.0", "18446744073709551616", "-5"]
        case .duration:
            return [
                "30", "30x", "1h30", "9223372036854775807ms", "36501d", "36500d", "0s", "-5m", "ms", "1.5h", "off",
                "1m-1s", "106751991167d",
            ]
        case .lang: return ["e", "EN", "eng", "xx", "ko", "en", "한국", "e1"]
        case .httpURL:
            return [
                "http://", "http://[::1", "http://a b/", "https://a.example:99999/", "http://a.example:-1/",
                "ftp://x/", "//a.example/", "http://%zz/", "HTTP://A.EXAMPLE/", "http://a.example:/",
                "http://[::1]:80/", "http://1.2.3.4.5/", "http://a.example/" + String(repeating: "p/", count: 5000),
                "http://user:pw@a.example/x?y#z", "http://ä.example/", "/relative", "?x",
            ]
        case .date:
            return [
                "2011-13-01T00:00:00Z", "2011-02-30", "2011-01-01T24:00:00Z", "2011-01-01T00:00:60Z",
                "2011-01-01T00:00:00.Z", "2011-01-01T00:00:00+25:99", "Wed, 32 Dec 2009 16:27:23 GMT",
                "Wed, 09 Dec 99999 16:27:23 GMT", "9999-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z",
                "1601-01-01", "Thu, 01 Jan 1970 00:00:00 GMT", "-2011-01-01", "2011-01-01T00:00",
                "2011-01-01T00:00:00.123456789012345678901234567890+14:00",
            ]
        case .redisURL:
            return [
                "redis://", "redis://127.0.0.1", "redis://127.0.0.1:", "redis://127.0.0.1:-1", "redis://127.0.0.1:0",
                "redis://127.0.0.1:99999999999", "redis://127.0.0.1:1/-1", "redis://127.0.0.1:1/99999999999999999999",
                "redis://127.0.0.1:1/abc", "redis://[::1]:1", "http://127.0.0.1:1", closedRedis,
                "redis://127.0.0.1:1/0",
            ]
        case .path:
            return [
                // Only inside the test's directory, or places nothing can be written: a store or a
                // handout must never replace a device file, even when the tests run as root.
                directory, directory + "/out", "/", "/nonexistent/dir/x", directory + "/bad.scn/x",
                directory + "/" + String(repeating: "n", count: 300), directory + "/é한",
            ]
        case .list:
            return ["local,", ",", "local,,redis", "sqlite,jwt", "round-robin,nope", "local,local", "jwt,random"]
        case .groups: return [",", "sim,,", "SIM", "speed", "sim,speed", " sim"]
        case .choice(let values): return values
        }
    }

    /// Option values that are always odd for `kind`, plus the generic ones (except where a
    /// generic value would act outside the test's directory or start real work).
    static func values(_ kind: Kind, directory: String) -> [[UInt8]] {
        let own = specific(kind, directory: directory).map { Array($0.utf8) }
        switch kind {
        // A relative path would land in the current directory; a valid group would benchmark.
        case .path, .groups, .redisURL: return own
        default: return own + generic
        }
    }
}

/// One subcommand as the fuzz sees it: the arguments that make it run, and its options.
/// Options in `walked` are given every one of their kind's odd values (where that subcommand
/// reaches the code that uses them); the others one odd value of their kind and one generic.
struct Subcommand {
    var name: String
    var base: [String]
    var options: [(String, OddValues.Kind)]
    var walked: Set<String>
    var takesStores: Bool
}

@Test func theCommandLineNeverDiesByASignal() throws {
    let directory = URL(fileURLWithPath: try Binary.scenario("")).deletingLastPathComponent().path
    let file = try Binary.scenario(
        "cluster servers=2\nbrowser alice\nalice login alice\nadvance 5m\nalice get /me\nexpect alice.status == 200\n")
    try Data([0x62, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: directory + "/bad.scn"))
    let cluster: [(String, OddValues.Kind)] = [
        ("--store", .choice(["local", "replicated", "sqlite", "redis", "jwt", "floppy"])), ("--servers", .number),
        ("--balancer", .choice(["round-robin", "random", "ip-hash", "sticky-cookie", "least-sessions", "next"])),
        ("--timeout", .duration), ("--absolute", .duration), ("--regenerate", .choice(["on", "off", "yes"])),
        ("--cookie", .choice(["SID", "LB", "token", "a b", "a;b"])), ("--remember", .duration), ("--sweep", .duration),
        ("--seed", .number),
    ]
    let stores: [(String, OddValues.Kind)] = [
        ("--redis", .redisURL), ("--db", .path), ("--sqlite-durability", .choice(["durable", "wal", "fast"])),
    ]
    let files = [directory, directory + "/bad.scn", "/nonexistent.scn", "16", "cookie", "", "/", "é한🙂", "x y.scn"]
    let setCookies = [
        "a=b; Max-Age=99999999999999999999", "a=b; Max-Age=-99999999999999999999",
        "a=b; Expires=Wed, 09 Dec 99999 16:27:23 GMT", "a=b; Domain=..", "; ;", "=",
        "a=" + String(repeating: "v", count: 5000), "a=b; Path=/\u{1}", "a=b; Secure; SameSite=None; Partitioned",
    ]
    let subcommands = [
        Subcommand(
            name: "ui", base: [], options: cluster + stores + [("--lang", .lang), ("--no-color", .flag)], walked: [],
            takesStores: true),
        Subcommand(
            name: "replay", base: [file, "--headless"],
            options: cluster + stores + [
                ("--format", .choice(["text", "jsonl", "xml"])), ("--lang", .lang), ("--no-latency", .flag),
                ("--export", .choice(["md", "cast", "pdf"])), ("--output", .path), ("FILE", .path),
            ], walked: ["--format", "--lang", "--no-latency", "--export", "--output", "FILE"], takesStores: true),
        Subcommand(
            name: "check", base: [file], options: cluster + stores + [("FILE", .path)],
            walked: Set((cluster + stores).map(\.0) + ["FILE"]), takesStores: true),
        Subcommand(
            name: "compare", base: [file, "--store", "local,jwt"],
            options: [("--store", .list), ("--balancer", .list), ("FILE", .path)] + stores,
            walked: ["--store", "--balancer"], takesStores: true),
        Subcommand(name: "list", base: [], options: [("--bogus", .number)], walked: [], takesStores: false),
        Subcommand(
            name: "cookies", base: ["--from", "http://a.example/", "--now", "2011-01-01T00:00:00Z"],
            options: [("--from", .httpURL), ("--to", .httpURL), ("--now", .date), ("SET-COOKIE", .httpURL)],
            walked: ["--from", "--to", "--now", "SET-COOKIE"], takesStores: false),
        // Always one benchmark group that does nothing (redis, skipped): a real run is minutes.
        Subcommand(
            name: "bench", base: ["--only", "redis", "--no-redis"],
            options: [("--only", .groups), ("--redis", .redisURL), ("--json", .flag)],
            walked: ["--only", "--redis", "--json"], takesStores: false),
    ]
    var random = SplitMix64Test(seed: 2026)
    func any(_ values: [[UInt8]]) -> [UInt8] { values[Int(random.next() % UInt64(values.count))] }
    var plan: [(Subcommand, String, OddValues.Kind, [UInt8])] = []
    for command in subcommands {
        for (option, kind) in command.options {
            var own = OddValues.specific(kind, directory: directory).map { Array($0.utf8) }
            if option == "FILE" { own = files.map { Array($0.utf8) } }
            if option == "SET-COOKIE" { own = setCookies.map { Array($0.utf8) } }
            let generic = OddValues.values(kind, directory: directory).filter { !own.contains($0) }
            var chosen = command.walked.contains(option) ? own : own.isEmpty ? [] : [any(own)]
            if !generic.isEmpty { chosen.append(any(generic)) }
            if option == "FILE" { chosen.removeAll { $0.first == UInt8(ascii: "-") } }
            for value in chosen.isEmpty ? [[]] : chosen { plan.append((command, option, kind, value)) }
        }
    }
    var statuses: [Int32: Int] = [:]
    for (command, option, kind, value) in plan {
        var arguments: [[UInt8]] = [Array(command.name.utf8)]
        var base = command.base
        if let index = base.firstIndex(of: option) { base.removeSubrange(index...index + 1) }
        if option == "FILE" { base.removeAll { $0 == file } }
        arguments += base.map { Array($0.utf8) }
        switch (option, kind) {
        case ("FILE", _): arguments.append(value)
        case ("SET-COOKIE", _): arguments += [Array("--".utf8), value]
        case (_, .flag):
            // A flag given a value, or twice.
            arguments +=
                random.next() % 2 == 0
                ? [Array(option.utf8) + Array("=".utf8) + value] : [Array(option.utf8), Array(option.utf8)]
        default: arguments += [Array(option.utf8), value]
        }
        if option == "--output" { arguments += [Array("--export".utf8), Array("md".utf8)] }
        // The SQLite options matter only with a SQLite store.
        if option == "--db" || option == "--sqlite-durability" {
            if let index = arguments.firstIndex(of: Array("local,jwt".utf8)) {
                arguments[index] = Array("sqlite".utf8)
            } else {
                arguments += [Array("--store".utf8), Array("sqlite".utf8)]
            }
        }
        if command.takesStores && option != "--redis" {
            arguments += [Array("--redis".utf8), Array(OddValues.closedRedis.utf8)]
        }
        let ending = try Spawn.runRaw(Binary.url.path, arguments)
        let shown = arguments.map { String(decoding: $0.prefix(80), as: UTF8.self) }.joined(separator: " ")
        guard let status = ending.status, !ending.timedOut else {
            Issue.record("sessionscope \(shown): \(ending)")
            continue
        }
        statuses[status, default: 0] += 1
        #expect([0, 1, 2].contains(status), "sessionscope \(shown): exit \(status)")
        // A usage error says so on standard error; a failed expectation (1) is reported
        // where check and replay report them, on standard output.
        if status == 2 { #expect(!ending.stderr.isEmpty, "sessionscope \(shown): exit 2 without a message") }
        if status == 1 {
            #expect(!ending.stderr.isEmpty || !ending.stdout.isEmpty, "sessionscope \(shown): exit 1 without a message")
        }
    }
    // A bounded run that reached both outcomes: odd values refused, and odd-but-valid ones run.
    #expect(plan.count >= 200 && plan.count <= 350, "\(plan.count) runs")
    #expect(statuses[2, default: 0] > 0 && statuses[0, default: 0] > 0, "\(statuses)")
}

/// SplitMix64, as the model's, for the test's own choices (the test target cannot see Core).
struct SplitMix64Test {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
