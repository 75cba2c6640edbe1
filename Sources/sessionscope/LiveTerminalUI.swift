import ArgumentParser
import Foundation
import SessionScopeCore
import SessionScopeCurses
import SessionScopeLive
import SessionScopeScenario
import SessionScopeStores
import SessionScopeUI

/// `sessionscope live` without `--headless`: the terminal UI on the live cluster. Its
/// timeline replays what the cluster does (the recording's lines), so every pane and key
/// works as in the simulated UI; statements from keys and the `:` line go to the cluster.
enum LiveTerminalUI {
    static func run(
        live: LiveCluster, settings: ClusterSettings, stores: StoreProvider, record: String?, language: String,
        output: LiveOutput
    ) throws {
        let timeline: Timeline
        do {
            // The live cluster's own store, replayed: never a second one (a second key space,
            // a second set of redis-server processes with other settings).
            let factory = live.storeJournal?.mirrorFactory ?? stores.make
            timeline = try Timeline(file: "live", settings: settings, storeFactory: factory)
        } catch {
            live.shutdown()
            stores.shutdown()
            printError(error.description)
            throw ExitCode(2)
        }
        let colors = ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        var model = AppModel(timeline: timeline, isReplay: false, language: language, colors: colors)
        model.readUsedMemory = { store in (store as? RedisStore).flatMap { try? $0.usedMemory() } }
        var statementNumber = 0
        model.live = LiveLink(
            url: live.url,
            execute: { text in
                statementNumber += 1
                do {
                    let (tokens, clean) = try Lexer(file: "live").tokenize(text, line: statementNumber)
                    var parser = Parser(file: "live", shape: live.shape())
                    _ = try live.run(try parser.statement(tokens, text: clean), line: statementNumber)
                    return nil
                } catch {
                    return "\(error)"
                }
            },
            takeLines: { live.takeMirrorLines() }, observed: { live.outsideClients() },
            recording: { live.recordingText() }, engineConfig: { live.engineConfigText() })
        let session = LiveSession(live: live, stores: stores, record: record, output: output)
        session.beforeStop = { CursesTerminal.restore() }
        session.stopOnSignals()
        // With nginx or HAProxy, `E` shows the engine's generated configuration (the key map's).
        let terminal = CursesTerminal(colors: colors, mouse: true)
        let app = App(
            model: model, terminal: terminal,
            realMilliseconds: { UInt64(ProcessInfo.processInfo.systemUptime * 1000) },
            writeFile: { path, text in try Data(text.utf8).write(to: URL(fileURLWithPath: path)) })
        app.run()
        app.shutdown()
        session.stop()
    }
}
