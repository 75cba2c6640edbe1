import Foundation

/// Django's `session_data`: `signing.dumps(session, compress=True)`, i.e. `PAYLOAD:TIMESTAMP:SIGNATURE`
/// where PAYLOAD is URL-safe base64 of JSON, zlib-compressed when it starts with `.`, and
/// TIMESTAMP is base62 seconds (when the session was last saved). Read without the secret:
/// the signature is not checked, and the note says so. Django before 3.1 wrote
/// `base64(HASH:JSON)`; that is read too.
enum DjangoSessionDecoder {
    static let unsignedNote = "signature not checked (read without SECRET_KEY)"

    static func decode(_ bytes: [UInt8]) throws(DecodeFailure) -> DecodedSession {
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 3 {
            var payload = Substring(parts[0])
            let compressed = payload.hasPrefix(".")
            if compressed { payload = payload.dropFirst() }
            guard var json = Base64.decode(payload) else { throw DecodeFailure("payload is not base64") }
            if compressed { json = try Inflate.zlib(json) }
            let value = try JSONValueDecoder.decode(json)
            guard case .map(let entries) = value else { throw DecodeFailure("payload is not a JSON object") }
            let saved = base62(parts[1]).map { Date(timeIntervalSince1970: TimeInterval($0)) }
            return DecodedSession(attributes: entries, lastAccess: saved, note: unsignedNote)
        }
        // Before Django 3.1: base64("HASH:JSON").
        if let legacy = Base64.decode(text), let colon = legacy.firstIndex(of: UInt8(ascii: ":")) {
            if case .map(let entries) = try JSONValueDecoder.decode(Array(legacy[(colon + 1)...])) {
                return DecodedSession(attributes: entries, note: unsignedNote)
            }
        }
        throw DecodeFailure("not a Django signed session (PAYLOAD:TIMESTAMP:SIGNATURE)")
    }

    static func base62(_ text: Substring) -> Int64? {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
        var value: Int64 = 0
        for c in text.utf8 {
            guard let digit = alphabet.firstIndex(of: c) else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 62)
            let (s, o2) = m.addingReportingOverflow(Int64(digit))
            if o1 || o2 { return nil }
            value = s
        }
        return text.isEmpty ? nil : value
    }
}
