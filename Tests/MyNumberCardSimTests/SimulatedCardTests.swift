import CounterCore
import Foundation
import MyNumberReader
import Synchronization
import Testing
@testable import MyNumberCardSim

/// The card model at the APDU level: status words and files exactly as the card answers.
@Suite struct SimulatedCardTests {
    static let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("seeds/demo")

    let card: SimulatedCard

    init() throws {
        card = try SimulatedCard(profile: CardProfile.load(from: Self.seeds.appendingPathComponent("cards/takahashi-sakiko.json")))
    }

    func send(_ hex: String) -> [UInt8] {
        card.process(hex.split(separator: " ").map { UInt8($0, radix: 16)! })
    }

    func sw(_ response: [UInt8]) -> UInt16 { UInt16(response[response.count - 2]) << 8 | UInt16(response.last!) }

    @Test func pinCounterLocksWith63C0Then6984() {
        #expect(sw(send("00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08")) == 0x9000)
        #expect(sw(send("00 A4 02 0C 02 00 11")) == 0x9000)
        #expect(sw(send("00 20 00 80")) == 0x63C3)
        #expect(sw(send("00 20 00 80 04 30 30 30 30")) == 0x63C2)
        #expect(sw(send("00 20 00 80 04 30 30 30 30")) == 0x63C1)
        #expect(sw(send("00 20 00 80 04 30 30 30 30")) == 0x63C0)
        #expect(sw(send("00 20 00 80 04 31 32 33 34")) == 0x6984)
        #expect(sw(send("00 20 00 80")) == 0x6984)
    }

    @Test func readBeforeVerifyAnswers6982AndAfterVerifyReads() {
        _ = send("00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08")
        _ = send("00 A4 02 0C 02 00 02")
        #expect(send("00 B0 00 00 08") == [0x69, 0x82])
        _ = send("00 A4 02 0C 02 00 11")
        #expect(sw(send("00 20 00 80 04 31 32 33 34")) == 0x9000)
        _ = send("00 A4 02 0C 02 00 02")
        let header = send("00 B0 00 00 03")
        #expect(header == [0xFF, 0x20, 0x5C, 0x90, 0x00])
        #expect(send("00 B0 04 00 10") == [0x6B, 0x00])
        card.powerOff()
        _ = send("00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08")
        _ = send("00 A4 02 0C 02 00 02")
        #expect(send("00 B0 00 00 08") == [0x69, 0x82])
    }

    @Test func unknownApplicationsAndFilesAnswer6A82() {
        #expect(send("00 A4 04 0C 09 D3 92 10 00 31 00 01 01 04") == [0x6A, 0x82])
        #expect(send("00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02") == [0x6A, 0x82])
        #expect(send("00 A4 02 0C 02 00 02") == [0x6A, 0x82])
        _ = send("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01")
        #expect(send("00 A4 02 0C 02 00 99") == [0x6A, 0x82])
        #expect(send("00 CA 00 00 00") == [0x6D, 0x00])
        #expect(send("A0 A4 00 00") == [0x6E, 0x00])
    }

    @Test func jpkiFilesAsOpenSCReadsThem() throws {
        _ = send("00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01")
        #expect(sw(send("00 A4 02 0C 02 00 06")) == 0x9000)
        let label = send("00 B0 00 00 20")
        #expect(Array(label.prefix(32)) == Array("JPKIAPICCTOKEN2".utf8) + [UInt8](repeating: 0x20, count: 17))
        #expect(sw(send("00 A4 02 0C 02 00 1B")) == 0x9000)
        #expect(send("00 20 00 80") == [0x63, 0xC5])
        #expect(sw(send("00 A4 02 0C 02 00 0A")) == 0x9000)
        let header = send("00 B0 00 00 04")
        #expect(header[0] == 0x30 && header[1] == 0x82)
        #expect(sw(send("00 A4 02 0C 02 00 01")) == 0x9000)
        #expect(send("00 B0 00 00 04") == [0x69, 0x82])
    }

    @Test func basicInfoFileMatchesTheCardLayout() {
        // The worked example of a public JPKI test card (fictional holder), 104 bytes.
        let bytes = BasicInfoFile.encode(BasicInfo(name: "黒桐　幹也", address: "東京都清瀬市観布子南１２－７－２０２",
                                                   birthDate: CalendarDate(year: 1980, month: 2, day: 17), sex: .male))
        #expect(bytes.count == 104)
        #expect(Array(bytes.prefix(14)) == [0xFF, 0x20, 0x65, 0xDF, 0x21, 0x08, 0x00, 0x0E, 0x00, 0x20, 0x00, 0x59, 0x00, 0x64])
        #expect(Array(bytes[14..<17]) == [0xDF, 0x22, 0x0F])
        #expect(Array(bytes.suffix(15)) == [0xDF, 0x24, 0x08, 0x31, 0x39, 0x38, 0x30, 0x30, 0x32, 0x31, 0x37, 0xDF, 0x25, 0x01, 0x31])
    }

    @Test func longRecordUsesTheTwoByteLength() throws {
        let profile = try CardProfile.load(from: Self.seeds.appendingPathComponent("cards/nakanoshima-midori.json"))
        let bytes = BasicInfoFile.encode(profile.holder)
        #expect(bytes.count > 256)
        #expect(Array(bytes.prefix(3)) == [0xFF, 0x20, 0x82])
        #expect(Int(bytes[3]) << 8 | Int(bytes[4]) == bytes.count - 5)
        #expect(try BasicInfoFile.parse(bytes) == profile.holder)
    }

    @Test func moreDataStyleServesGetResponse() throws {
        let styled = try SimulatedCard(profile: card.profile, style: .moreData)
        _ = styled.process([0x00, 0xA4, 0x04, 0x0C, 0x0A] + JPKIApplication.aid)
        _ = styled.process([0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x06])
        #expect(styled.process([0x00, 0xB0, 0x00, 0x00, 0x20]) == [0x61, 0x20])
        let fetched = styled.process([0x00, 0xC0, 0x00, 0x00, 0x20])
        #expect(fetched.count == 34 && fetched.suffix(2) == [0x90, 0x00])
    }

    @Test func profileRoundTripsAndKeepsStrings() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("profile-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        var profile = card.profile
        profile.authPINTriesLeft = 1
        try profile.save(to: url)
        let loaded = try CardProfile.load(from: url)
        #expect(loaded == profile)
        #expect(loaded.holder.name.unicodeScalars.map(\.value) == [0x9AD9, 0x6A4B, 0x3000, 0xFA11, 0x5B50])
    }

    @Test func traceNeverHoldsThePIN() throws {
        let lines = TraceLines()
        let traced = try SimulatedCard(profile: card.profile, trace: { lines.append($0) })
        _ = traced.process([0x00, 0xA4, 0x04, 0x0C, 0x0A] + CardInfoApplication.aid)
        _ = traced.process([0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x11])
        _ = traced.process([0x00, 0x20, 0x00, 0x80, 0x04, 0x31, 0x32, 0x33, 0x34])
        let text = lines.all.joined(separator: "\n")
        #expect(lines.all.count == 3)
        #expect(text.contains("ap=cardinfo ef=0011 ins=20"))
        #expect(text.contains("redacted"))
        #expect(!text.contains("31323334") && !text.contains("1234"))
    }
}

/// Collects trace lines from the card.
final class TraceLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}
