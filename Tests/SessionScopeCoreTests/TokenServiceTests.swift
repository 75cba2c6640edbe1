import Foundation
import JWTKit
import SessionScopeCore
import Testing

@Test func jwtKitVerifiesOurTokens() async throws {
    let service = TokenService(seed: 1)
    let now = World.epochUnixSeconds
    let (token, expires) = service.issue(user: "alice", now: now, lifetime: .minutes(30))
    #expect(expires == now + 1800)

    // jwt-kit's own key collection, given the same secret, accepts the signature.
    let keys = await JWTKeyCollection().add(hmac: HMACKey(from: service.secret), digestAlgorithm: .sha256)
    let payload = try await keys.verify(token, as: SessionTokenPayload.self)
    #expect(payload.sub.value == "alice")
    #expect(Int64(payload.exp.value.timeIntervalSince1970) == expires)

    // And a token jwt-kit signs verifies here.
    let foreign = try await keys.sign(payload)
    #expect(try service.verify(foreign, now: now).get().sub.value == "alice")
}

@Test func expiryIsCheckedAgainstTheVirtualClockNotTheWallClock() {
    let service = TokenService(seed: 1)
    // 2026-01-01: long before or after today's wall clock does not matter.
    let now = World.epochUnixSeconds
    let (token, expires) = service.issue(user: "bob", now: now, lifetime: .minutes(30))
    #expect((try? service.verify(token, now: expires - 1).get())?.sub.value == "bob")
    #expect(service.verify(token, now: expires) == .failure(.expired(exp: expires)))
}

@Test func tamperedTokensAreRejected() {
    let service = TokenService(seed: 1)
    let (token, _) = service.issue(user: "alice", now: World.epochUnixSeconds, lifetime: .minutes(30))
    var parts = token.split(separator: ".").map(String.init)
    // Claim to be bob with alice's signature.
    let forged = TokenService(seed: 1).issue(user: "bob", now: World.epochUnixSeconds, lifetime: .minutes(30)).token
    parts[1] = String(forged.split(separator: ".")[1])
    #expect(service.verify(parts.joined(separator: "."), now: World.epochUnixSeconds) == .failure(.badSignature))
    // Another key (another seed) does not verify.
    #expect(TokenService(seed: 2).verify(token, now: World.epochUnixSeconds) == .failure(.badSignature))
    #expect(service.verify("not-a-token", now: World.epochUnixSeconds) == .failure(.malformed))
}

@Test func decodedTokenShowsHeaderAndClaims() throws {
    let (token, _) = TokenService(seed: 1).issue(user: "alice", now: World.epochUnixSeconds, lifetime: .minutes(30))
    let decoded = try #require(TokenService.decode(token))
    #expect(decoded.header.contains("\"alg\":\"HS256\""))
    #expect(decoded.payload.contains("\"sub\":\"alice\""))
    #expect(decoded.payload.contains("\"exp\":\(World.epochUnixSeconds + 1800)"))
}
