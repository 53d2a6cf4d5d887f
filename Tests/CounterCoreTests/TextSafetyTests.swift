import CounterCore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Text from outside: forbidden characters, terminal safety, bounds")
struct TextSafetyTests {
    @Test("controls, bidi controls and non-characters are found; names' own characters are not",
          arguments: [0x0, 0x1B, 0x7, 0x0D, 0x0A, 0x7F, 0x85, 0x9B, 0x202A, 0x202E, 0x2066, 0x2069, 0xFDD0, 0xFFFE,
                      0xFFFF, 0x1FFFE, 0x10FFFF, 0xFFFD, 0x2028, 0x2029] as [UInt32])
    func forbidden(value: UInt32) throws {
        let character = String(Character(try #require(Unicode.Scalar(value))))
        #expect(TextSafety.forbidden(in: "髙橋" + character + "﨑子") != nil)
        #expect(TextSafety.terminalSafe("a" + character + "b") == "a\u{FFFD}b")
    }

    @Test("ideographic space, compatibility ideographs and variation sequences are kept as they are")
    func allowed() {
        for text in ["髙橋\u{3000}﨑子", "葛\u{E0100}城\u{3000}一郎", "邊\u{FE00}", "Nguyễn Văn A", "大阪市北区中之島1-3-20"] {
            #expect(TextSafety.forbidden(in: text) == nil)
            #expect(TextSafety.terminalSafe(text).unicodeScalars.elementsEqual(text.unicodeScalars))
        }
    }

    @Test("an OSC title change, cursor moves and CR/LF never survive terminalSafe")
    func terminalInjection() {
        let hostile = "\u{1B}]0;pwned\u{7}髙橋\u{1B}[2J\u{1B}[H\r\n\u{9B}31m"
        let safe = TextSafety.terminalSafe(hostile)
        #expect(!safe.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(safe.contains("髙橋"))
    }

    @Test("the four fields: a NUL or a bidi override is refused by field, never printed half")
    func fieldCharacters() {
        let today = CalendarDate(year: 2026, month: 11, day: 21)
        let born = CalendarDate(year: 1980, month: 2, day: 17)
        #expect(throws: InputError.forbiddenCharacter(.name)) {
            try BasicInfoInput.validate(BasicInfo(name: "髙橋\u{0}﨑子", address: "大阪市", birthDate: born, sex: .female),
                                        today: today)
        }
        #expect(throws: InputError.forbiddenCharacter(.address)) {
            try BasicInfoInput.validate(BasicInfo(name: "髙橋", address: "大阪市\u{202E}北区", birthDate: born, sex: .female),
                                        today: today)
        }
        #expect(!InputError.forbiddenCharacter(.name).userMessage.contains("\u{0}"))
        #expect(InputError.forbiddenCharacter(.name).userMessage.hasPrefix("氏名に使えない文字"))
    }

    @Test("lengths are bounded before any layout: 150,000 characters are refused at once")
    func lengths() {
        let today = CalendarDate(year: 2026, month: 11, day: 21)
        let born = CalendarDate(year: 1980, month: 2, day: 17)
        let huge = String(repeating: "髙", count: 150_000)
        #expect(throws: InputError.tooLong(.name, maximum: BasicInfoInput.maximumNameLength)) {
            try BasicInfoInput.validate(BasicInfo(name: huge, address: "大阪市", birthDate: born, sex: .male), today: today)
        }
        #expect(throws: InputError.tooLong(.address, maximum: BasicInfoInput.maximumAddressLength)) {
            try BasicInfoInput.address(String(repeating: "a", count: BasicInfoInput.maximumAddressLength + 1))
        }
        // A variation selector on every character still fits: the bound counts characters.
        let ivs = String(repeating: "葛\u{E0100}", count: BasicInfoInput.maximumNameLength)
        #expect((try? BasicInfoInput.name(ivs)) != nil)
        #expect(InputError.tooLong(.name, maximum: 100).userMessage.contains("100文字まで"))
    }

    @Test("birth dates before 明治 or after today are refused; 9999-12-31 is in the future, not a layout problem")
    func birthDates() {
        let today = CalendarDate(year: 2026, month: 11, day: 21)
        #expect(throws: InputError.futureBirthDate) { try BasicInfoInput.birthDate("99991231", today: today) }
        #expect(throws: InputError.birthDateTooEarly) { try BasicInfoInput.birthDate("18671231", today: today) }
        #expect(InputError.birthDateTooEarly.userMessage.contains("1868年（明治元年）1月1日より前"))
        #expect(throws: InputError.futureBirthDate) {
            try BasicInfoInput.validate(BasicInfo(name: "大阪", address: "大阪市", birthDate: CalendarDate(year: 9999, month: 12, day: 31),
                                                  sex: .male), today: today)
        }
        #expect((try? BasicInfoInput.birthDate("18680101", today: today)) == CalendarDate(year: 1868, month: 1, day: 1))
    }

    @Test("record identifiers: ASCII letters, digits, - _ ., 1 to 64")
    func identifiers() {
        #expect(RecordIdentifier.isValid("KITA-01.counter_2"))
        for bad in ["", "T1\n", "端末", "a b", String(repeating: "a", count: 65), "\u{1B}x"] {
            #expect(!RecordIdentifier.isValid(bad))
        }
    }

    @Test("bounded file reads: regular files only, never more than the bound")
    func boundedFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bounded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let small = folder.appendingPathComponent("small.json")
        try Data("{}".utf8).write(to: small)
        #expect(try BoundedFile.read(small, maximumBytes: 2) == Data("{}".utf8))
        #expect(throws: BoundedFile.Refusal.tooLarge(maximumBytes: 1)) { try BoundedFile.read(small, maximumBytes: 1) }
        let fifo = folder.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        #expect(throws: BoundedFile.Refusal.notARegularFile) { try BoundedFile.read(fifo, maximumBytes: 1024) }
        #expect(throws: BoundedFile.Refusal.notARegularFile) {
            try BoundedFile.read(URL(fileURLWithPath: "/dev/zero"), maximumBytes: 1024)
        }
        #expect(throws: BoundedFile.Refusal.notARegularFile) { try BoundedFile.read(folder, maximumBytes: 1024) }
        #expect(throws: BoundedFile.Refusal.unreadable) {
            try BoundedFile.read(folder.appendingPathComponent("missing"), maximumBytes: 1024)
        }
    }
}
