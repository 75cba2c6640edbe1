/// The event loop: render, present, wait for a key or a tick, update. Time only drives the
/// ticks of a running clock or a playing replay; the world itself still moves only by
/// statements (`advance`), so what is seen can be recorded and replayed.
public final class App {
    public private(set) var model: AppModel
    let terminal: any Terminal
    /// Whether keys already waiting are taken before the next frame (a paste, or a Ctrl-C
    /// behind one, is then not held up by a frame per key). Off for the headless terminal,
    /// whose tests look at the frame after each key.
    public var takesWaitingKeysTogether = false
    /// Real milliseconds, for ticks only.
    let realMilliseconds: () -> UInt64
    /// Writes a recorded scenario; injected so the UI module does no file I/O of its own.
    let writeFile: (String, String) throws -> Void
    /// Whether a file exists, so that `w` asks before overwriting one.
    let fileExists: (String) -> Bool
    /// When the last frame of long work was drawn (App+Progress.swift); nil after a normal frame.
    var lastProgressFrame: UInt64?

    public init(
        model: AppModel, terminal: any Terminal, realMilliseconds: @escaping () -> UInt64,
        writeFile: @escaping (String, String) throws -> Void, fileExists: @escaping (String) -> Bool = { _ in false }
    ) {
        self.fileExists = fileExists
        self.model = model
        self.terminal = terminal
        self.realMilliseconds = realMilliseconds
        self.writeFile = writeFile
        // Weak: a copy of the model may outlive the app (tests read `app.model`).
        self.model.progressReporter = ProgressReporter { [weak self] frame in self?.showProgress(frame) ?? true }
    }

    /// Runs until the user quits. With `stopWhenIdle`, also stops when no input is waiting
    /// (for the headless terminal in tests).
    public func run(stopWhenIdle: Bool = false) {
        var lastClockTick = realMilliseconds()
        var lastPlayTick = lastClockTick
        var lastNodeRead = lastClockTick
        while true {
            model.syncLive()
            let size = terminal.size
            terminal.present(View.render(model, width: size.width, height: size.height))
            lastProgressFrame = nil
            if model.shouldQuit { break }
            if let text = model.pendingCommand {
                // The frame above says it is running; now run it.
                model.pendingCommand = nil
                model.runWithProgress(text)
                continue
            }
            if let target = model.pendingSeek {
                model.pendingSeek = nil
                model.performSeek(target)
                continue
            }
            let busy = model.clockRunning || model.playing
            let input = terminal.nextInput(timeout: busy ? 50 : 250)
            if case .mouse(let mouse) = input {
                // Where a click lands depends on the window: the layout maps it to a pane.
                model.handle(mouse, width: size.width, height: size.height)
            } else if let input {
                model.handle(input)
                // A paste arrives as many keys at once: take those already waiting before
                // drawing the next frame, so a long paste (and a Ctrl-C behind it) is not
                // held up by a frame per key.
                var taken = 0
                while takesWaitingKeysTogether, taken < 1024, !model.shouldQuit, model.pendingCommand == nil,
                    model.pendingSeek == nil,
                    let more = terminal.nextInput(timeout: 0)
                {
                    model.handle(more)
                    taken += 1
                }
            } else if stopWhenIdle {
                break
            }
            let now = realMilliseconds()
            if input == nil, now &- lastNodeRead >= 1000 {
                lastNodeRead = now
                model.rereadSettlingStoreNodes()
            }
            if model.clockRunning, now - lastClockTick >= 1000 {
                model.clockTick()
                lastClockTick = now
            }
            if model.playing, now - lastPlayTick >= UInt64(AppModel.playIntervals[model.speedIndex]) {
                model.playTick()
                lastPlayTick = now
            }
            if let write = model.pendingWrite {
                model.pendingWrite = nil
                model.write(write, using: writeFile, fileExists: fileExists)
            }
        }
    }

    /// Stops the terminal (also called on the way out after a signal).
    public func shutdown() { terminal.shutdown() }
}
