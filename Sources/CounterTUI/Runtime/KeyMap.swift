import CNCursesW

/// Maps ncurses input (`wget_wch` results) to ``Action``s.
public enum KeyMap {
    /// The action for a function-key code (`wget_wch` returned `KEY_CODE_YES`), or nil if unused.
    public static func action(keyCode: Int32) -> Action? {
        switch keyCode {
        case KEY_UP: return .previous
        case KEY_DOWN: return .next
        case KEY_LEFT: return .decrease
        case KEY_RIGHT: return .increase
        case KEY_BACKSPACE: return .erase
        case KEY_DC: return .deleteForward
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER: return .confirm
        case KEY_RESIZE: return .resize
        case KEY_BTAB: return .previous
        case (KEY_F0 + 1)...(KEY_F0 + 12): return .function(Int(keyCode - KEY_F0))
        default: return nil
        }
    }

    /// The action for a character (`wget_wch` returned `OK`), or nil if unused.
    public static func action(character: UInt32) -> Action? {
        switch character {
        case 0x0A, 0x0D: return .confirm
        case 0x1B: return .back
        case 0x09: return .nextField
        case 0x08, 0x7F: return .erase
        case 0x01: return .home
        case 0x05: return .end
        default:
            guard character >= 0x20, let scalar = Unicode.Scalar(character) else { return nil }
            return .text(Character(scalar))
        }
    }
}
