/// A named user action, independent of the key that produced it (see ``KeyMap``).
public enum Action: Sendable, Equatable {
    /// A printable character typed (digits also choose menu items).
    case text(Character)
    /// Backspace: delete the character before the cursor.
    case erase
    /// Enter: confirm the screen or the field.
    case confirm
    /// ESC: go back or cancel.
    case back
    /// Up arrow: previous item or field.
    case previous
    /// Down arrow: next item or field.
    case next
    /// Tab: next field.
    case nextField
    /// Left arrow: decrease (copies), or move the cursor left in a text field.
    case decrease
    /// Right arrow: increase (copies), or move the cursor right in a text field.
    case increase
    /// Home (or Ctrl-A): the cursor to the start of the field.
    case home
    /// End (or Ctrl-E): the cursor to the end of the field.
    case end
    /// Delete: delete the character under the cursor.
    case deleteForward
    /// A function key F1–F12.
    case function(Int)
    /// The terminal was resized.
    case resize
}

/// A key and what it does on the current screen, shown in the key bar.
public struct KeyHint: Sendable, Equatable {
    /// The key as printed, e.g. `Enter`, `ESC`, `F4`, `1-4`.
    public var key: String
    /// What it does, in Japanese.
    public var label: String

    /// Creates a hint.
    public init(_ key: String, _ label: String) {
        self.key = key
        self.label = label
    }
}
