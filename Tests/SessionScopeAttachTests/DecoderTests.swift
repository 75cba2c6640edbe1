import Foundation
import SessionScopeAttach
import Testing

private func decode(_ bytes: [UInt8], _ format: AttachFormat) -> Result<DecodedSession, DecodeFailure> {
    SessionDecoders.decode(.string(bytes), as: format)
}

@Test func phpSessionFormatReadsEveryKindOfValue() throws {
    let text =
        #"user|s:5:"carol";n|i:-3;f|d:0.5;b|b:1;z|N;a|a:2:{i:0;s:1:"x";s:1:"k";a:0:{}}o|O:8:"stdClass":1:{s:1:"p";i:1;}"#
    let session = try decode(Array(text.utf8), .phpRedis).get()
    #expect(session.attributeNames == ["user", "n", "f", "b", "z", "a", "o"])
    #expect(session.map["user"] == .string("carol"))
    #expect(session.map["n"] == .integer(-3))
    #expect(session.map["f"] == .double(0.5))
    #expect(session.map["b"] == .bool(true))
    #expect(session.map["z"] == .null)
    #expect(session.map.value(at: "a.k") == .map([]))
    #expect(session.map.value(at: "o.p") == .integer(1))
    // php_serialize: one array.
    let whole = try decode(Array(#"a:1:{s:4:"user";s:3:"eve";}"#.utf8), .phpRedis).get()
    #expect(whole.user(from: ["user"]) == "eve")
    // Lengths are bytes: a multi-byte string of 5 bytes.
    #expect(try decode(Array(#"c|s:5:"café";"#.utf8), .phpRedis).get().map["c"] == .string("café"))
}

@Test func flaskMsgpackAndJSONDecode() throws {
    // {"_permanent": true, "user": "alice", "n": 300}
    let msgpack: [UInt8] =
        [0x83, 0xaa] + Array("_permanent".utf8) + [0xc3, 0xa4] + Array("user".utf8) + [0xa5] + Array("alice".utf8)
        + [0xa1, 0x6e, 0xcd, 0x01, 0x2c]
    let session = try decode(msgpack, .flaskSession).get()
    #expect(session.user(from: AttachFormat.flaskSession.userFields) == "alice")
    #expect(session.map["n"] == .integer(300))
    let json = try decode(Array(#"{"_user_id": "12", "x": [1, 2.5, null]}"#.utf8), .flaskSession).get()
    #expect(json.user(from: AttachFormat.flaskSession.userFields) == "12")
    #expect(json.map["x"] == .list([.integer(1), .double(2.5), .null]))
    if case .failure(let failure) = decode([0x80, 0x04, 0x95], .flaskSession) {
        #expect(failure.description.contains("pickle"))
    } else {
        Issue.record("pickle decoded")
    }
}

@Test func djangoPayloadsDecodeCompressedOrNotWithoutTheSecret() throws {
    // signing.dumps({"_auth_user_id": "1"}) without compression: base64url(JSON):timestamp:signature.
    let plain = "eyJfYXV0aF91c2VyX2lkIjoiMSJ9:1tPxyz:c2lnbmF0dXJl"
    let session = try decode(Array(plain.utf8), .django).get()
    #expect(session.user(from: ["_auth_user_id"]) == "1")
    #expect(session.note?.contains("signature not checked") == true)
    #expect(session.lastAccess != nil)
    // Corrupt compressed payloads fail with a reason, not a crash.
    if case .failure(let failure) = decode(Array(".eJwrSS0u0c1M:1tPxyz:sig".utf8), .django) {
        #expect(failure.description.contains("zlib"))
    } else {
        Issue.record("corrupt zlib decoded")
    }
}

@Test func springFieldsReadJavaSerializedAndPlainNumbers() throws {
    let fields: [(field: [UInt8], value: [UInt8])] = [
        (Array("creationTime".utf8), JavaFixture.number(1_700_000_000_000, integer: false)),
        (Array("lastAccessedTime".utf8), Array("1700000060000".utf8)),
        (Array("maxInactiveInterval".utf8), JavaFixture.number(1800, integer: true)),
        (Array("sessionAttr:SPRING_SECURITY_CONTEXT".utf8), JavaFixture.securityContext),
    ]
    let session = try SessionDecoders.decode(.hash(fields), as: .springSession).get()
    #expect(session.created == Date(timeIntervalSince1970: 1_700_000_000))
    #expect(session.lastAccess == Date(timeIntervalSince1970: 1_700_000_060))
    #expect(session.expires == Date(timeIntervalSince1970: 1_700_001_860))
    #expect(
        session.map["SPRING_SECURITY_CONTEXT"]
            == .opaque("org.springframework.security.core.context.SecurityContextImpl"))
}

@Test func rubyMarshalReadsDeviseSessions() throws {
    let session = try decode(MarshalFixture.deviseSession(id: "abc"), .rails).get()
    #expect(session.user(from: AttachFormat.rails.userFields) == "42")
    #expect(session.map["session_id"] == .string("abc"))
}

/// Every decoder survives garbage: random bytes, truncations and byte flips of valid values,
/// absurd lengths, deep nesting. Each gives a session or a reason, never a crash.
@Test func everyDecoderSurvivesGarbage() {
    var seed: UInt64 = 0x5eed
    func next() -> UInt64 {
        seed &+= 0x9E37_79B9_7F4A_7C15
        var z = seed
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    let valid: [[UInt8]] = [
        Array(#"{"cookie":{"expires":"2026-01-01T00:00:00.000Z"},"passport":{"user":"a"}}"#.utf8),
        Array(#"user|s:5:"carol";a|a:1:{i:0;d:1.5;}"#.utf8), MarshalFixture.deviseSession(id: "x"),
        [0x82, 0xa1, 0x61, 0x91, 0xc0, 0xa1, 0x62, 0xdc, 0x00, 0x01, 0xcb, 0, 0, 0, 0, 0, 0, 0, 0],
        Array("eyJfYXV0aF91c2VyX2lkIjoiMSJ9:1tPxyz:c2ln".utf8), JavaFixture.number(5, integer: false),
    ]
    var inputs: [[UInt8]] = [
        [], [0], Array(repeating: UInt8(ascii: "["), count: 100_000), Array(repeating: 0x91, count: 100_000),
        [0xdd, 0xff, 0xff, 0xff, 0xff], [0xdf, 0xff, 0xff, 0xff, 0xff], Array(#"a|a:99999999999:{"#.utf8),
        Array(#"s|s:-5:"x";"#.utf8), [4, 8, UInt8(ascii: "["), 0xfc, 0xff, 0xff, 0xff, 0x7f],
        [4, 8, UInt8(ascii: "@"), 0x7f], Array(".!!!:x:y".utf8), Array(repeating: UInt8(ascii: "{"), count: 10_000),
    ]
    for sample in valid {
        for cut in stride(from: 0, to: sample.count, by: max(1, sample.count / 16)) {
            inputs.append(Array(sample[..<cut]))
        }
        for _ in 0..<200 {
            var mutated = sample
            for _ in 0..<3 { mutated[Int(next() % UInt64(mutated.count))] = UInt8(truncatingIfNeeded: next()) }
            inputs.append(mutated)
        }
    }
    for _ in 0..<500 { inputs.append((0..<Int(next() % 64)).map { _ in UInt8(truncatingIfNeeded: next()) }) }
    var decoded = 0
    for input in inputs {
        for format in AttachFormat.allCases {
            if case .success = SessionDecoders.decode(.string(input), as: format) { decoded += 1 }
            _ = SessionDecoders.decode(.hash([(Array("creationTime".utf8), input), (input, input)]), as: format)
        }
    }
    #expect(decoded > 0)
}
