/// What a UI mode (the counter, later the kiosk) gives the mode-neutral runtime: its first screen, its
/// title and status line, what happens with time and on a termination signal, and the background
/// work it runs and must finish before the UI ends.
protocol UIMode: AnyObject, SendableMetatype {
    /// The title line's left part, e.g. 「窓口 counter」.
    var name: String { get }
    /// The title line's right part: the date and time as the mode shows them.
    var clockText: String { get }
    /// The status line (row 2).
    var statusLine: String { get }
    /// The status line for a narrow terminal: the most urgent state first, short labels.
    var compactStatusLine: String { get }
    /// The screen shown when the UI starts.
    func firstScreen() -> any Screen<Self>
    /// Called for every action before the screen handles it (activity for an idle lock); returns true when
    /// the mode took the action itself (the kiosk's language key, its staff key sequence), so the screen
    /// never sees it.
    func actionArrived(_ action: Action, _ runtime: UIRuntime<Self>) -> Bool
    /// Time-driven changes, called on every loop turn (an idle lock).
    func tick(_ runtime: UIRuntime<Self>)
    /// A termination signal arrived: end what is open and wipe it; the loop stops afterwards.
    func terminate(_ runtime: UIRuntime<Self>)
    /// Connects the mode's background reports (event writes) to the UI thread, once, at start.
    func connect(_ inbox: Inbox<Self>)
    /// Starts the mode's background watchers (reader, printer); the returned closure stops them.
    func startWatching(_ inbox: Inbox<Self>) -> @Sendable () -> Void
    /// Work that must still finish before the UI may end (event writes), counted now.
    var workLeft: Int { get }
    /// What the UI says while it waits for ``workLeft`` to reach zero at the end.
    var finishingNote: String { get }
    /// The error to report when work was left unfinished at the end; nil when that work is safe anyway
    /// (events already in the journal).
    func unfinishedWorkError(count: Int) -> (any Error)?
}
