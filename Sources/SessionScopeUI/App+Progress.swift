extension App {
    /// Draws a frame of long work (at most ten a second) and reads the keys that came
    /// meanwhile: Esc or Ctrl-C asks to cancel; other keys are dropped, since the screen said
    /// the work was running. Returns false to cancel.
    func showProgress(_ frame: AppModel) -> Bool {
        let now = realMilliseconds()
        if lastProgressFrame.map({ now &- $0 >= 100 }) ?? true {
            lastProgressFrame = now
            let size = terminal.size
            terminal.present(View.render(frame, width: size.width, height: size.height))
        }
        var cancel = false
        while let input = terminal.nextInput(timeout: 0) {
            if input == .key(.escape) || input == .key(.control("c")) { cancel = true }
        }
        return !cancel
    }
}
