import SessionScopeCore
import SessionScopeUI
import Testing

/// After a sweep, a server holds no session and the header says so: 0 B held, with the
/// capacity the table keeps shown apart as reserved (it used to read `0 sessions · 8 MiB`).
@Test func aSweptServerHoldsNoBytesButMayKeepReservedCapacity() throws {
    var model = try Golden.model(["crowd 3000", "advance 31m"])
    let screen = View.render(model, width: 132, height: 40).text
    #expect(screen.contains("server-1 ● up · 0 sessions · 0 B · "), "\(screen)")
    #expect(screen.contains(" reserved"), "\(screen)")
    // With sessions, the held bytes are what the sessions cost.
    let ran = model.run("crowd 10")
    #expect(ran)
    let after = View.render(model, width: 132, height: 40).text
    #expect(SessionTable.bytesPerSession == 52)
    #expect(after.contains("server-1 ● up · 5 sessions · 260 B · "), "\(after)")
}
