/// A screen of one UI mode: draws its body and reacts to actions. Screens live on the UI thread only.
protocol Screen<Mode>: AnyObject, SendableMetatype {
    /// The mode whose state the screen reads and changes.
    associatedtype Mode: UIMode
    /// The title shown on the title line.
    var title: String { get }
    /// The keys shown in the key bar.
    var keyHints: [KeyHint] { get }
    /// Draws the body.
    func draw(_ canvas: inout Canvas, _ app: UIRuntime<Mode>)
    /// Reacts to one action.
    func handle(_ action: Action, _ app: UIRuntime<Mode>)
    /// Called once when the screen is shown (start background work here).
    func didAppear(_ app: UIRuntime<Mode>)
    /// Called when the mode's watched state changed (the reader or card, for the counter).
    func cardStatusChanged(_ app: UIRuntime<Mode>)
}

extension Screen {
    func didAppear(_ app: UIRuntime<Mode>) {}
    func cardStatusChanged(_ app: UIRuntime<Mode>) {}
}
