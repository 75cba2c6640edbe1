import SessionScopeCore
import SessionScopeScenario
import SessionScopeUI
import Testing

/// A model on a cluster of `servers` (as `sessionscope --servers N` starts it).
func model(servers: Int) throws -> AppModel {
    var settings = ClusterSettings()
    settings.servers = servers
    var model = AppModel(
        timeline: try Timeline(file: "interactive", settings: settings), isReplay: false, colors: false)
    model.showLatency = false
    return model
}

@Test("--servers N: x on the last server and :server-N kill reach it", arguments: [3, 16])
func theCommandLineClusterIsTheOneTheKeysAndTheLineKnow(servers: Int) throws {
    var keys = try model(servers: servers)
    for _ in 1..<servers { keys.handle(.key(.character("]"))) }
    #expect(keys.selectedServer == servers)
    keys.handle(.key(.character("x")))
    #expect(keys.message == nil, "\(keys.message?.text ?? "")")
    #expect(keys.world.servers[servers - 1].isUp == false)
    #expect(keys.timeline.statements.map(\.text) == ["server-\(servers) kill"])

    var typed = try model(servers: servers)
    let killed = typed.run("server-\(servers) kill")
    #expect(killed)
    #expect(typed.world.servers[servers - 1].isUp == false)
    // One past the end is still refused, with the cluster's real size in the message.
    let beyond = typed.run("server-\(servers + 1) kill")
    #expect(!beyond)
    #expect(
        typed.message?.text
            == "command:1:1: error: there is no server-\(servers + 1): the cluster has server-1 to server-\(servers)")
}

@Test func aReplayShowsItsOwnClusterAtStepZero() throws {
    let scenario = try Parser.parse(
        file: "r.scn", source: "title \"Three\"\ncluster servers=3 balancer=sticky-cookie\nbrowser alice\n")
    var model = AppModel(
        timeline: try Timeline(file: scenario.file, statements: scenario.statements), isReplay: true, colors: false)
    #expect(model.timeline.position == 0)
    let screen = View.render(model, width: 132, height: 40).text
    #expect(screen.contains("server-3"))
    #expect(screen.contains("sticky-cookie"))
    // And the `:` line at step 0 knows server-3 (a fork of the replay).
    let killed = model.run("server-3 kill")
    #expect(killed, "\(model.message?.text ?? "")")
}

@Test func keysBuildStatementsThatThePrinterWrites() throws {
    // l asks for a user and a password; both may hold anything a person can type.
    let password = "a \"b\" #c\\"
    var model = try model(servers: 2)
    model.handle(.key(.character("n")))
    model.handle(.key(.character("l")))
    for c in "al ice" { model.handle(.key(.character(c))) }
    model.handle(.key(.enter))
    for c in password { model.handle(.key(.character(c))) }
    model.handle(.key(.enter))
    let login = Command.login(browser: "alice", user: "al ice", password: password, remember: false)
    #expect(model.timeline.statements.last?.kind == .command(login))
    #expect(model.timeline.statements.last?.text == StatementPrinter.text(.command(login)))
    #expect(model.timeline.statements.last?.text == #"alice login "al ice" password="a \"b\" #c\\""#)
    // With no other browser, s says so instead of asking, and changes nothing.
    model.handle(.key(.character("s")))
    #expect(model.message?.text == "no other browser to steal from: n opens one")
    #expect(model.mode == .normal)
    #expect(model.timeline.statements.count == 2)
}

@Test func theRecordingStartsWithThePrintedCluster() throws {
    var settings = ClusterSettings()
    settings.servers = 3
    settings.cookieName = "S#D"
    var model = AppModel(timeline: try Timeline(file: "t", settings: settings), isReplay: false, colors: false)
    let opened = model.run("browser alice")
    #expect(opened)
    let recording = model.timeline.recording
    let scenario = try Parser.parse(file: "rec.scn", source: recording)
    #expect(scenario.statements.first?.kind == .command(.cluster(settings)))
}
