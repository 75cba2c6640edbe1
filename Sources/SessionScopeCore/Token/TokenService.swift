import Crypto
import JWTKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The claims of the application's JWT: who, issued when, valid until when, and which
/// token it is (`jti`, unique per token, what a denylist names).
public struct SessionTokenPayload: JWTPayload, Equatable {
    public var sub: SubjectClaim
    public var iat: IssuedAtClaim
    public var exp: ExpirationClaim
    /// Optional so that a token signed elsewhere without one still decodes.
    public var jti: IDClaim?

    public init(sub: SubjectClaim, iat: IssuedAtClaim, exp: ExpirationClaim, jti: IDClaim? = nil) {
        self.sub = sub
        self.iat = iat
        self.exp = exp
        self.jti = jti
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
    /// Draws the `jti` of each token: a generator of its own, so that issuing tokens does not
    /// move the world's generator (the `random` balancer's picks stay as they were).
    private var ids: SplitMix64

    /// A key derived from the world's seed, so a run is reproducible. At least 32 bytes, as
    /// jwt-kit requires for HS256.
    public init(seed: UInt64) {
        let secret = "sessionscope-demo-hs256-secret-\(seed)-do-not-use-in-production"
        self.key = SymmetricKey(data: Array(secret.utf8))
        self.ids = SplitMix64(seed: seed ^ 0x6A74_6900_0000_0000)
    }

    /// The secret, for tests that hand it to jwt-kit.
    public var secret: [UInt8] { key.withUnsafeBytes { Array($0) } }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    /// Signs a token for `user`, issued at `now` and expiring `lifetime` later (Unix seconds),
    /// with a `jti` of its own.
    public mutating func issue(user: String, now: Int64, lifetime: TimeSpan) -> (token: String, expires: Int64) {
        let expires = now + lifetime.seconds
        let jti = String(ids.next(), radix: 16, uppercase: false)
        let payload = SessionTokenPayload(
            sub: SubjectClaim(value: user),
            iat: IssuedAtClaim(value: Date(timeIntervalSince1970: Double(now))),
            exp: ExpirationClaim(value: Date(timeIntervalSince1970: Double(expires))),
            jti: IDClaim(value: String(repeating: "0", count: 16 - jti.count) + jti))
        var header = JWTHeader()
        header.alg = "HS256"
        header.typ = "JWT"
        return (sign(header: header, payload: payload), expires)
    }

    /// Header and payload, encoded and signed with the key.
    func sign(header: JWTHeader, payload: SessionTokenPayload) -> String {
        // Encoding these plain values cannot fail.
        let headerJSON = try! Self.encoder.encode(header)
        let payloadJSON = try! Self.encoder.encode(payload)
        let signingInput = Base64URL.encode(Array(headerJSON)) + "." + Base64URL.encode(Array(payloadJSON))
        let mac = HMAC<SHA256>.authenticationCode(for: Array(signingInput.utf8), using: key)
        return signingInput + "." + Base64URL.encode(Array(mac))
    }

    /// Verifies signature and expiry at `now` (Unix seconds on the virtual clock). A token
    /// whose header says `alg: none` is refused before anything else: accepting it would let
    /// anyone write their own payload (the classic JWT library flaw).
    public func verify(_ token: String, now: Int64) -> Result<SessionTokenPayload, TokenRejection> {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return .failure(.malformed) }
        if let headerBytes = Base64URL.decode(parts[0]),
            let header = try? JSONDecoder().decode(JWTHeader.self, from: Data(headerBytes)),
            header.alg?.lowercased() == "none"
        {
            return .failure(.algNone)
        }
        guard
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

    /// The token with one change made by someone without the key (`tamper`): a claim
    /// rewritten with the old signature kept, or `alg: none` with the signature removed.
    /// nil when the token's payload cannot be read or the value makes no sense.
    public static func tamper(_ token: String, _ change: TokenTamper, now: Int64) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return nil }
        switch change {
        case .algNone:
            guard let bytes = Base64URL.decode(parts[0]),
                var header = try? JSONDecoder().decode(JWTHeader.self, from: Data(bytes))
            else { return nil }
            header.alg = "none"
            guard let json = try? encoder.encode(header) else { return nil }
            return Base64URL.encode(Array(json)) + "." + parts[1] + "."
        case .claim(let name, let value):
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .secondsSince1970
            guard let bytes = Base64URL.decode(parts[1]),
                var payload = try? decoder.decode(SessionTokenPayload.self, from: Data(bytes))
            else { return nil }
            switch name {
            case "sub": payload.sub = SubjectClaim(value: value)
            case "jti": payload.jti = IDClaim(value: value)
            case "exp", "iat":
                guard let seconds = claimTime(value, now: now) else { return nil }
                let date = Date(timeIntervalSince1970: Double(seconds))
                if name == "exp" {
                    payload.exp = ExpirationClaim(value: date)
                } else {
                    payload.iat = IssuedAtClaim(value: date)
                }
            default: return nil
            }
            guard let json = try? encoder.encode(payload) else { return nil }
            return parts[0] + "." + Base64URL.encode(Array(json)) + "." + parts[2]
        }
    }

    /// `+1d`, `-30m` (from now) or Unix seconds, for `exp` and `iat`.
    public static func claimTime(_ value: String, now: Int64) -> Int64? {
        if let seconds = Int64(value), seconds >= 0 { return seconds }
        guard let sign = value.first, sign == "+" || sign == "-",
            let span = TimeSpan(parsing: String(value.dropFirst()))
        else { return nil }
        return sign == "+" ? now + span.seconds : now - span.seconds
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
