import SessionScopeCore
import SessionScopeScenario

/// An asciicast v2 recording of a replay (playable with `asciinema play`): the UI's screen
/// after every statement, one second apart, with a marker at each chapter.
public enum Asciicast {
    public static func record(timeline: Timeline, title: String, language: String, width: Int = 120, height: Int = 36)
        -> String
    {
        var timeline = timeline
        var model = AppModel(timeline: timeline, isReplay: true, language: language, colors: false)
        model.showLatency = false
        let header = JSON.object([
            ("version", .int(2)), ("width", .int(Int64(width))), ("height", .int(Int64(height))),
            ("title", .string(title)), ("env", .object([("TERM", .string("xterm-256color"))])),
        ])
        var lines = [header.serialized]
        var time = 0.0
        var chapter = 1
        func frame() {
            let screen = View.render(model, width: width, height: height)
            let text =
                "\u{1B}[H\u{1B}[2J"
                + screen.text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
            lines.append(JSON.array([.double(time), .string("o"), .string(text)]).serialized)
        }
        lines.append(JSON.array([.double(0), .string("m"), .string("chapter 1")]).serialized)
        frame()
        while !timeline.isAtEnd {
            do { try timeline.stepForward() } catch { break }
            model.timeline = timeline
            model.refreshAfterChange()
            time += 1
            frame()
            if case .pause = timeline.steps.last?.statement.kind {
                chapter += 1
                time += 1
                lines.append(JSON.array([.double(time), .string("m"), .string("chapter \(chapter)")]).serialized)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
