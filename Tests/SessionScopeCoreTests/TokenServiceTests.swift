import Foundation
import JWTKit
import SessionScopeCore
import Testing

@Test func jwtKitVerifiesOurTokens() async throws {
    var service = TokenService(seed: 1)
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
    var service = TokenService(seed: 1)
    // 2026-01-01: long before or after today's wall clock does not matter.
    let now = World.epochUnixSeconds
    let (token, expires) = service.issue(user: "bob", now: now, lifetime: .minutes(30))
    #expect((try? service.verify(token, now: expires - 1).get())?.sub.value == "bob")
    #expect(service.verify(token, now: expires) == .failure(.expired(exp: expires)))
}

@Test func tamperedTokensAreRejected() {
    var service = TokenService(seed: 1)
    let (token, _) = service.issue(user: "alice", now: World.epochUnixSeconds, lifetime: .minutes(30))
    var parts = token.split(separator: ".").map(String.init)
    // Claim to be bob with alice's signature.
    var other = TokenService(seed: 1)
    let forged = other.issue(user: "bob", now: World.epochUnixSeconds, lifetime: .minutes(30)).token
    parts[1] = String(forged.split(separator: ".")[1])
    #expect(service.verify(parts.joined(separator: "."), now: World.epochUnixSeconds) == .failure(.badSignature))
    // Another key (another seed) does not verify.
    #expect(TokenService(seed: 2).verify(token, now: World.epochUnixSeconds) == .failure(.badSignature))
    #expect(service.verify("not-a-token", now: World.epochUnixSeconds) == .failure(.malformed))
}

@Test func decodedTokenShowsHeaderAndClaims() throws {
    var service = TokenService(seed: 1)
    let (token, _) = service.issue(user: "alice", now: World.epochUnixSeconds, lifetime: .minutes(30))
    let decoded = try #require(TokenService.decode(token))
    #expect(decoded.header.contains("\"alg\":\"HS256\""))
    #expect(decoded.payload.contains("\"sub\":\"alice\""))
    #expect(decoded.payload.contains("\"exp\":\(World.epochUnixSeconds + 1800)"))
}

@Test func everyTokenCarriesAJTIOfItsOwn() throws {
    var service = TokenService(seed: 1)
    let now = World.epochUnixSeconds
    let first = try service.verify(service.issue(user: "alice", now: now, lifetime: .minutes(30)).token, now: now).get()
    let second = try service.verify(service.issue(user: "alice", now: now, lifetime: .minutes(30)).token, now: now)
        .get()
    let a = try #require(first.jti?.value)
    let b = try #require(second.jti?.value)
    #expect(a != b)
    #expect(a.count == 16)
    // Same seed, same ids: a run is reproducible.
    var again = TokenService(seed: 1)
    let replayed = try again.verify(again.issue(user: "alice", now: now, lifetime: .minutes(30)).token, now: now).get()
    #expect(replayed.jti?.value == a)
}

@Test func aTamperedClaimKeepsTheOldSignatureAndIsRejected() throws {
    var service = TokenService(seed: 1)
    let now = World.epochUnixSeconds
    let (token, _) = service.issue(user: "alice", now: now, lifetime: .minutes(30))
    let forged = try #require(TokenService.tamper(token, .claim(name: "sub", value: "bob"), now: now))
    #expect(try #require(TokenService.decode(forged)).payload.contains("\"sub\":\"bob\""))
    #expect(forged.split(separator: ".").last == token.split(separator: ".").last)
    #expect(service.verify(forged, now: now) == .failure(.badSignature))

    let later = try #require(TokenService.tamper(token, .claim(name: "exp", value: "+1d"), now: now))
    #expect(try #require(TokenService.decode(later)).payload.contains("\"exp\":\(now + 86_400)"))
    #expect(service.verify(later, now: now) == .failure(.badSignature))
    #expect(TokenService.tamper(token, .claim(name: "exp", value: "soon"), now: now) == nil)
}

@Test func algNoneIsRefusedBeforeAnythingElse() throws {
    var service = TokenService(seed: 1)
    let now = World.epochUnixSeconds
    let (token, _) = service.issue(user: "alice", now: now, lifetime: .minutes(30))
    let unsigned = try #require(TokenService.tamper(token, .algNone, now: now))
    #expect(unsigned.hasSuffix("."))
    #expect(try #require(TokenService.decode(unsigned)).header.contains("\"alg\":\"none\""))
    #expect(service.verify(unsigned, now: now) == .failure(.algNone))
    // Even with its payload rewritten as well.
    let both = try #require(TokenService.tamper(unsigned, .claim(name: "sub", value: "bob"), now: now))
    #expect(service.verify(both, now: now) == .failure(.algNone))
}
