import Foundation

/// Turns a stored value into a row: decodes it, finds the user, works out the expiry and
/// marks the anomalies. The same for every store.
enum RowBuilder {
    /// - Parameters:
    ///   - ttlMilliseconds: Redis's PTTL (-1: no TTL, -2: gone); nil for stores without TTLs.
    ///   - expires: an expiry the store keeps beside the value (Django's `expire_date`).
    ///   - user: a user known from elsewhere (Spring's principal index).
    static func row(
        id: String, key: String, raw: RawSession, format: AttachFormat, userFields: [String],
        ttlMilliseconds: Int64?, expires: Date? = nil, user: String? = nil, now: Date
    ) -> (SessionRow, DecodedSession?) {
        var row = SessionRow(id: id, key: key, bytes: raw.byteCount)
        var anomalies: [Anomaly] = []
        let decoded: DecodedSession?
        switch SessionDecoders.decode(raw, as: format) {
        case .success(let session):
            decoded = session
            row.attributes = session.attributeNames
            row.created = session.created
            row.lastAccess = session.lastAccess
            row.user = user ?? session.user ?? session.user(from: userFields)
            row.note = session.note
            row.expires = expires ?? session.expires
        case .failure(let failure):
            decoded = nil
            row.user = user
            row.note = failure.description
            row.expires = expires
            anomalies.append(.undecodable)
        }
        if let ttl = ttlMilliseconds {
            if ttl == -1 {
                anomalies.append(.noTTL)
            } else if ttl >= 0 {
                row.ttlSeconds = (ttl + 999) / 1000
                if row.expires == nil { row.expires = now.addingTimeInterval(Double(ttl) / 1000) }
            }
        }
        if let expiry = row.expires, expiry < now { anomalies.append(.expiredPresent) }
        if row.bytes > Anomaly.oversizedBytes { anomalies.append(.oversized) }
        row.anomalies = anomalies.sorted()
        return (row, decoded)
    }
}
