import Foundation

extension Binary {
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
