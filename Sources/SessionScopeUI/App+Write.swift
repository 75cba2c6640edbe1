extension AppModel {
    /// Writes what `w` asked for: asks first when the file exists (unless the user just said
    /// yes to it), and reports a failure as one line on the status line.
    mutating func write(
        _ write: (path: String, text: String), using writeFile: (String, String) throws -> Void,
        fileExists: (String) -> Bool
    ) {
        let confirmed = ui.confirmedOverwrite == write.path
        ui.confirmedOverwrite = nil
        if !confirmed, fileExists(write.path) {
            ui.confirmation = .overwrite(path: write.path, text: write.text)
            return
        }
        do {
            try writeFile(write.path, write.text)
            ui.unsavedActions = 0
            message = (L10n.format("message.wrote", language, write.path), false)
        } catch {
            // Foundation's descriptions run over several lines; the first says what went wrong.
            let reason = String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            message = (L10n.format("message.cannotWrite", language, write.path, reason), true)
        }
    }
}
