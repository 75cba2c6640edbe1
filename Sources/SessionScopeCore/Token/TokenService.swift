import Crypto
import JWTKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The claims of the application's JWT: who, issued when, valid until when.
public struct SessionTokenPayload: JWTPayload, Equatable {
    public var sub: SubjectClaim
    public var iat: IssuedAtClaim
    public var exp: ExpirationClaim

    public init(sub: SubjectClaim, iat: IssuedAtClaim, exp: ExpirationClaim) {
        self.sub = sub
        self.iat = iat
        self.exp = exp
    }

    /// jwt-kit's own check would compare `exp` with the wall clock; the world checks it
    /// against the virtual clock in `TokenService.verify` instead.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// Issues and verifies HS256 JSON Web Tokens for the `jwt` store.
///
/// The token format, claims and `exp` check are jwt-kit's (`JWTHeader`, the claim types,
/// `DefaultJWTParser`, `ExpirationClaim.verifyNotExpired(currentDate:)`); the HMAC is
/// swift-crypto's, the library jwt-kit signs with. jwt-kit's `JWTKeyCollection` is an actor
/// with only `async` entry points, and the world is a synchronous value, so the signing
/// input is assembled here exactly as jwt-kit does; a test checks that jwt-kit's own
/// `JWTKeyCollection` verifies these tokens.
public struct TokenService: Sendable {
    /// The cookie that carries the token.
    public static let cookieName = "token"

    private let key: SymmetricKey

    /// A key derived from the world's seed, so a run is reproducible. At least 32 bytes, as
    /// jwt-kit requires for HS256.
    public init(seed: UInt64) {
        let secret = "sessionscope-demo-hs256-secret-\(seed)-do-not-use-in-production"
        self.key = SymmetricKey(data: Array(secret.utf8))
    }

    /// The secret, for tests that hand it to jwt-kit.
    public var secret: [UInt8] { key.withUnsafeBytes { Array($0) } }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    /// Signs a token for `user`, issued at `now` and expiring `lifetime` later (Unix seconds).
    public func issue(user: String, now: Int64, lifetime: TimeSpan) -> (token: String, expires: Int64) {
        let expires = now + lifetime.seconds
        let payload = SessionTokenPayload(
            sub: SubjectClaim(value: user),
            iat: IssuedAtClaim(value: Date(timeIntervalSince1970: Double(now))),
            exp: ExpirationClaim(value: Date(timeIntervalSince1970: Double(expires))))
        var header = JWTHeader()
        header.alg = "HS256"
        header.typ = "JWT"
        // Encoding these plain values cannot fail.
        let headerJSON = try! Self.encoder.encode(header)
        let payloadJSON = try! Self.encoder.encode(payload)
        let signingInput = Base64URL.encode(Array(headerJSON)) + "." + Base64URL.encode(Array(payloadJSON))
        let mac = HMAC<SHA256>.authenticationCode(for: Array(signingInput.utf8), using: key)
        return (signingInput + "." + Base64URL.encode(Array(mac)), expires)
    }

    /// Verifies signature and expiry at `now` (Unix seconds on the virtual clock).
    public func verify(_ token: String, now: Int64) -> Result<SessionTokenPayload, TokenRejection> {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
            let (header, payload, signature) = try? DefaultJWTParser().parse(
                Array(token.utf8), as: SessionTokenPayload.self)
        else { return .failure(.malformed) }
        guard header.alg == "HS256" else { return .failure(.badSignature) }
        let signingInput = Array(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        guard HMAC<SHA256>.isValidAuthenticationCode(Array(signature), authenticating: signingInput, using: key) else {
            return .failure(.badSignature)
        }
        do {
            try payload.exp.verifyNotExpired(currentDate: Date(timeIntervalSince1970: Double(now)))
        } catch {
            return .failure(.expired(exp: Int64(payload.exp.value.timeIntervalSince1970)))
        }
        return .success(payload)
    }

    /// Decodes a token's parts without checking it, for display.
    public static func decode(_ token: String) -> (header: String, payload: String)? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let header = Base64URL.decode(parts[0]), let payload = Base64URL.decode(parts[1]) else {
            return nil
        }
        return (String(decoding: header, as: UTF8.self), String(decoding: payload, as: UTF8.self))
    }
}

/// Base64url without padding (RFC 7515 section 2), by hand: the alphabet is short and
/// Foundation's string replacing is not in FoundationEssentials.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let b0 = UInt32(bytes[index])
            let b1 = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let b2 = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let triple = b0 << 16 | b1 << 8 | b2
            let available = min(3, bytes.count - index) + 1
            for shift in [18, 12, 6, 0].prefix(available) {
                out.append(alphabet[Int(triple >> UInt32(shift) & 63)])
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var values: [UInt32] = []
        for byte in text.utf8 {
            guard let value = alphabet.firstIndex(of: byte) else { return nil }
            values.append(UInt32(value))
        }
        guard values.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < values.count {
            let chunk = values[index..<min(index + 4, values.count)]
            var triple: UInt32 = 0
            for (offset, value) in chunk.enumerated() { triple |= value << UInt32(18 - 6 * offset) }
            let bytes = chunk.count - 1
            for n in 0..<bytes { out.append(UInt8(triple >> UInt32(16 - 8 * n) & 0xFF)) }
            index += 4
        }
        return out
    }
}
