import Foundation

/// Runs the built `sessionscope` binary and captures what it prints.
struct BinaryRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum Binary {
    /// The `sessionscope` built beside the test bundle (or `SESSIONSCOPE_BIN`).
    static var url: URL {
        if let path = ProcessInfo.processInfo.environment["SESSIONSCOPE_BIN"] { return URL(fileURLWithPath: path) }
        var dir = Bundle.main.bundleURL
        if dir.pathExtension == "xctest" { dir.deleteLastPathComponent() }
        return dir.appendingPathComponent("sessionscope")
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> BinaryRun {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes before waiting, so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return BinaryRun(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// This test process's folder for scenario files, removed when the process exits: a test
    /// run leaves no file behind.
    static let root: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sessionscope-tests-\(getpid())")
        atexit {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("sessionscope-tests-\(getpid())")
            try? FileManager.default.removeItem(at: path)
        }
        return root
    }()

    /// Writes a scenario to a temporary file and returns its path.
    static func scenario(_ text: String, name: String = "test.scn") throws -> String {
        let dir = root.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}
