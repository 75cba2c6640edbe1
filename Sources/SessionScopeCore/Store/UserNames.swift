/// User names interned for a session table: each name is stored once and sessions hold a
/// 4-byte number (0 for "nobody", otherwise 1 + the name's number in `table`).
struct UserNames: Sendable {
    private var table = NameTable()
    /// Heap bytes of interned names too long for `String`'s inline storage.
    private var heapBytes = 0

    init() {}

    /// The name of a number; nil for 0.
    func name(_ number: UInt32) -> String? {
        number == 0 ? nil : table.names[Int(number) - 1]
    }

    /// The number of a name, interning it the first time. `hint` is the number the session
    /// had before: a touch keeps its user, and comparing with the hint saves the lookup.
    mutating func number(of name: String?, hint: UInt32) -> UInt32 {
        guard let name else { return 0 }
        if hint != 0, table.names[Int(hint) - 1] == name { return hint }
        if let number = table.number(of: name) { return UInt32(number + 1) }
        heapBytes += Self.heapBytes(name)
        return UInt32(table.add(name) + 1)
    }

    /// A `String` of up to 15 UTF-8 bytes is stored inline; a longer one has a heap buffer
    /// (a 32-byte header and its bytes, as the allocator rounds it).
    static func heapBytes(_ name: String) -> Int {
        name.utf8.count > 15 ? 32 + name.utf8.count : 0
    }

    /// Bytes held: the names and their index, and long names' heap buffers.
    var memoryBytes: Int { table.memoryBytes + heapBytes }
}
