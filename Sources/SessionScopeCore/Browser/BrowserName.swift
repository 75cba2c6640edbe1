/// A browser name as a dictionary key, hashed with FNV-1a over its bytes: one cheap mix
/// instead of SipHash over the string, on a lookup every request makes. Names come from
/// scenarios and the UI, not from an attacker who could aim for collisions.
struct BrowserName: Hashable {
    let name: String

    init(_ name: String) { self.name = name }

    func hash(into hasher: inout Hasher) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        hasher.combine(hash)
    }
}
