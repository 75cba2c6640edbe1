import SessionScopeScenario

/// Fuzzes the scenario lexer, parser and static checks: any bytes either parse or give a
/// diagnostic with a line and column inside the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        _ = try Parser.parse(file: "fuzz.scn", bytes: bytes)
    } catch {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
        precondition(error.location.line >= 1 && error.location.line <= max(1, lines), "line \(error.location.line)")
        precondition(error.location.column >= 1)
    }
    return 0
}
