import CNCursesW
import Testing
@testable import CounterTUI

@Suite("KeyMap")
struct KeyMapTests {
    @Test("curses key codes map to named actions")
    func keyCodes() {
        #expect(KeyMap.action(keyCode: KEY_UP) == .previous)
        #expect(KeyMap.action(keyCode: KEY_DOWN) == .next)
        #expect(KeyMap.action(keyCode: KEY_LEFT) == .decrease)
        #expect(KeyMap.action(keyCode: KEY_RIGHT) == .increase)
        #expect(KeyMap.action(keyCode: KEY_BACKSPACE) == .erase)
        #expect(KeyMap.action(keyCode: KEY_ENTER) == .confirm)
        #expect(KeyMap.action(keyCode: KEY_RESIZE) == .resize)
        #expect(KeyMap.action(keyCode: KEY_F0 + 4) == .function(4))
        #expect(KeyMap.action(keyCode: KEY_F0 + 12) == .function(12))
        #expect(KeyMap.action(keyCode: KEY_F0 + 13) == nil)
        #expect(KeyMap.action(keyCode: KEY_HOME) == .home)
        #expect(KeyMap.action(keyCode: KEY_END) == .end)
        #expect(KeyMap.action(keyCode: KEY_DC) == .deleteForward)
        #expect(KeyMap.action(character: 0x01) == .home)
        #expect(KeyMap.action(character: 0x05) == .end)
        #expect(KeyMap.action(keyCode: KEY_NPAGE) == nil)
    }

    @Test("characters map to text, Enter, ESC, Tab and Backspace; other controls are ignored")
    func characters() {
        #expect(KeyMap.action(character: 0x0D) == .confirm)
        #expect(KeyMap.action(character: 0x0A) == .confirm)
        #expect(KeyMap.action(character: 0x1B) == .back)
        #expect(KeyMap.action(character: 0x09) == .nextField)
        #expect(KeyMap.action(character: 0x7F) == .erase)
        #expect(KeyMap.action(character: 0x31) == .text("1"))
        #expect(KeyMap.action(character: 0x9AD9) == .text("髙"))
        #expect(KeyMap.action(character: 0x02) == nil)
        #expect(KeyMap.action(character: 0xD800) == nil)
    }
}
