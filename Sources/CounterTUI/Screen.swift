/// A screen: draws its body and reacts to actions. Screens live on the UI thread only.
protocol Screen: AnyObject, SendableMetatype {
    /// The title shown on the title line.
    var title: String { get }
    /// The keys shown in the key bar.
    var keyHints: [KeyHint] { get }
    /// Draws the body.
    func draw(_ canvas: inout Canvas, _ app: AppContext)
    /// Reacts to one action.
    func handle(_ action: Action, _ app: AppContext)
    /// Called once when the screen is shown (start background work here).
    func didAppear(_ app: AppContext)
    /// Called when the reader or card state changed.
    func cardStatusChanged(_ app: AppContext)
}

extension Screen {
    func didAppear(_ app: AppContext) {}
    func cardStatusChanged(_ app: AppContext) {}
}
