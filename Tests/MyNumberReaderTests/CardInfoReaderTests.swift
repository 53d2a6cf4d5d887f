import CounterCore
import Foundation
import MyNumberCardSim
import Testing
@testable import MyNumberReader

@Suite struct CardInfoReaderTests {
    @Test func rightPINReadsTheFourFieldsUnchanged() throws {
        let (_, transport) = try demoCard("takahashi-sakiko")
        let info = try CardInfoApplication(transport: transport).readBasicInfo(pin: CardPIN("1234"))
        #expect(Array(info.name.unicodeScalars.map(\.value)) == [0x9AD9, 0x6A4B, 0x3000, 0xFA11, 0x5B50])
        #expect(info.address == "大阪市北区中之島１丁目３－２０")
        #expect(info.birthDate == CalendarDate(year: 1985, month: 4, day: 12))
        #expect(info.sex == .female)
        #expect(!transport.trace.selectedFileIDs.contains(0x0001))
        #expect(transport.trace.entries.count == 6)
    }

    @Test func variationSequenceSurvives() throws {
        let (_, transport) = try demoCard("katsuragi-taro")
        let info = try CardInfoApplication(transport: transport).readBasicInfo(pin: CardPIN("1234"))
        #expect(info.name.unicodeScalars.map(\.value).prefix(3) == [0x845B, 0xE0100, 0x57CE])
        #expect(info.sex == .male)
    }

    @Test func wrongPINCountsDownThenLocks() throws {
        let (card, transport) = try demoCard("takahashi-sakiko")
        let application = CardInfoApplication(transport: transport)
        #expect(try application.pinTriesLeft() == 3)
        #expect(throws: CardError.wrongPIN(triesLeft: 2)) { try application.readBasicInfo(pin: CardPIN("0000")) }
        #expect(throws: CardError.wrongPIN(triesLeft: 1)) { try application.readBasicInfo(pin: CardPIN("0000")) }
        #expect(try application.pinTriesLeft() == 1)
        #expect(throws: CardError.pinBlocked) { try application.readBasicInfo(pin: CardPIN("0000")) }
        #expect(throws: CardError.pinBlocked) { try application.readBasicInfo(pin: CardPIN("1234")) }
        #expect(try application.pinTriesLeft() == 0)
        #expect(card.profile.cardInfoPINTriesLeft == 0)
        #expect(card.profile.authPINTriesLeft == 3)
    }

    @Test func rightPINResetsTheCounter() throws {
        let (_, transport) = try demoCard("takahashi-sakiko")
        let application = CardInfoApplication(transport: transport)
        #expect(throws: CardError.wrongPIN(triesLeft: 2)) { try application.readBasicInfo(pin: CardPIN("9999")) }
        _ = try application.readBasicInfo(pin: CardPIN("1234"))
        #expect(try application.pinTriesLeft() == 3)
    }

    @Test func lockSurvivesProfileReload() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("card-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("profile.json")
        try demoProfile("takahashi-sakiko").save(to: url)
        let card = try SimulatedCard(profile: CardProfile.load(from: url), persist: { try? $0.save(to: url) })
        let application = CardInfoApplication(transport: SimulatedCardTransport(card: card))
        for _ in 0..<3 { _ = try? application.readBasicInfo(pin: CardPIN("0000")) }

        let reloaded = try SimulatedCard(profile: CardProfile.load(from: url))
        let again = CardInfoApplication(transport: SimulatedCardTransport(card: reloaded))
        #expect(try again.pinTriesLeft() == 0)
        #expect(throws: CardError.pinBlocked) { try again.readBasicInfo(pin: CardPIN("1234")) }
    }

    @Test func readBeforeVerifyIsRefused() throws {
        let (_, transport) = try demoCard("takahashi-sakiko")
        let channel = CardChannel(transport)
        try channel.selectApplication(CardInfoApplication.aid)
        try channel.selectFile(CardInfoApplication.basicInfoFile)
        #expect(throws: CardError.securityStatusNotSatisfied) { try channel.readTLVFile() }
    }

    @Test func verificationEndsWithPowerOff() throws {
        let (card, transport) = try demoCard("takahashi-sakiko")
        _ = try CardInfoApplication(transport: transport).readBasicInfo(pin: CardPIN("1234"))
        card.powerOff()
        let channel = CardChannel(transport)
        try channel.selectApplication(CardInfoApplication.aid)
        try channel.selectFile(CardInfoApplication.basicInfoFile)
        #expect(throws: CardError.securityStatusNotSatisfied) { try channel.readBinary(offset: 0, length: 8) }
    }

    @Test func longFileIsReadInChunks() throws {
        let (_, transport) = try demoCard("nakanoshima-midori")
        let info = try CardInfoApplication(transport: transport).readBasicInfo(pin: CardPIN("1234"))
        #expect(info.address.utf8.count == 312)
        #expect(info.sex == .notApplicable)
        let reads = transport.trace.entries.filter { $0.ins == 0xB0 }
        #expect(reads.count == 3)
        #expect(reads.allSatisfy { ($0.le ?? 0) <= 256 })
    }

    @Test func moreDataAnswersAreFetchedWithGetResponse() throws {
        let (_, transport) = try demoCard("nakanoshima-midori", style: .moreData)
        let info = try CardInfoApplication(transport: transport).readBasicInfo(pin: CardPIN("1234"))
        #expect(info.address.utf8.count == 312)
        #expect(transport.trace.entries.contains { $0.status.moreDataCount != nil })
        #expect(transport.trace.entries.contains { $0.ins == 0xC0 })
    }

    @Test func exactLengthAnswersAreResent() throws {
        let (_, transport) = try demoCard("takahashi-sakiko", style: [.exactLength, .moreData])
        let channel = CardChannel(transport)
        try channel.selectApplication(CardInfoApplication.aid)
        try channel.selectFile(CardInfoApplication.pinFile)
        try channel.verify(CardPIN("1234"))
        try channel.selectFile(CardInfoApplication.basicInfoFile)
        let whole = try channel.readBinary(offset: 0, length: 256)
        #expect(whole.count == BasicInfoFile.encode(try demoProfile("takahashi-sakiko").holder).count)
        #expect(try BasicInfoFile.parse(whole).address == "大阪市北区中之島１丁目３－２０")
        #expect(transport.trace.entries.contains { $0.status.exactLength == whole.count })
    }

    @Test func cardRemovedBetweenAPDUs() throws {
        let (_, transport) = try demoCard("nakanoshima-midori", removeAfterAPDUs: 5)
        #expect(throws: CardError.cardRemoved) { try CardInfoApplication(transport: transport).readBasicInfo(pin: CardPIN("1234")) }
        #expect(transport.trace.entries.count == 5)
    }

    @Test func cardRemovedAtTheFirstReadAfterVerify() throws {
        let card = try SimulatedCard(profile: demoProfile("nakanoshima-midori"))
        let transport = TracingTransport(SimulatedCardTransport(card: card, removeAtINS: 0xB0))
        let application = CardInfoApplication(transport: transport)
        #expect(try application.pinTriesLeft() == 3)
        #expect(throws: CardError.cardRemoved) { try application.readBasicInfo(pin: CardPIN("1234")) }
        // Removed after the VERIFY and SELECT of the file, before any READ BINARY was answered, and it stays out.
        #expect(transport.trace.entries.last?.selectedFileID == CardInfoApplication.basicInfoFile)
        #expect(transport.trace.entries.contains { $0.ins == 0x20 && $0.dataLength == 4 && $0.status == .success })
        #expect(!transport.trace.entries.contains { $0.ins == 0xB0 })
        #expect(throws: CardError.cardRemoved) { try application.pinTriesLeft() }
    }

    @Test func otherCardIsNotAMyNumberCard() throws {
        let (_, transport) = try demoCard("takahashi-sakiko", style: .foreignCard)
        #expect(throws: CardError.notMyNumberCard) { try CardInfoApplication(transport: transport).readBasicInfo(pin: CardPIN("1234")) }
        #expect(throws: CardError.notMyNumberCard) { try JPKIApplication(transport: transport).readAuthCertificate() }
        #expect(transport.trace.entries.allSatisfy { $0.ins == 0xA4 && $0.status == .fileNotFound })
    }

    @Test func badPINSendsNothing() throws {
        let (_, transport) = try demoCard("takahashi-sakiko")
        #expect(throws: CardError.invalidPINFormat) {
            try CardInfoApplication(transport: transport).readBasicInfo(pin: CardPIN("12"))
        }
        #expect(transport.trace.entries.isEmpty)
    }

    @Test func traceRedactsVerifyData() throws {
        let (_, transport) = try demoCard("takahashi-sakiko")
        _ = try CardInfoApplication(transport: transport).readBasicInfo(pin: CardPIN("1234"))
        let verify = try #require(transport.trace.entries.first { $0.ins == 0x20 })
        #expect(verify.data == nil)
        #expect(verify.dataLength == 4)
        #expect(!transport.trace.entries.map(\.description).joined().contains("31 32 33 34"))
    }

    @Test func offsetTableMustMatch() throws {
        var bytes = BasicInfoFile.encode(BasicInfo(name: "黒桐　幹也", address: "大阪市北区", birthDate: CalendarDate(year: 1980, month: 2, day: 17), sex: .male))
        #expect(throws: Never.self) { try BasicInfoFile.parse(bytes) }
        bytes[6] &+= 1
        #expect(throws: CardError.malformedData("基本4情報のオフセット表が内容と合いません")) { try BasicInfoFile.parse(bytes) }
    }

    /// A card whose offset table points next to a field (any of the four, short and 2-byte record
    /// lengths) is refused, although every TLV in the file is well formed.
    @Test(arguments: ["takahashi-sakiko", "nakanoshima-midori"], 0..<4)
    func cardWithOffsetTableDisagreeingWithTheFieldsIsRefused(stem: String, field: Int) throws {
        let profile = try demoProfile(stem)
        var file = BasicInfoFile.encode(profile.holder)
        let table = try #require((0..<file.count - 3).first { file[$0..<$0 + 3].elementsEqual([0xDF, 0x21, 0x08]) }) + 3
        file[table + 2 * field + 1] &+= 1
        let transport = TracingTransport(SimulatedCardTransport(card: try SimulatedCard(profile: profile, basicInfoFile: file)))
        #expect(throws: CardError.malformedData("基本4情報のオフセット表が内容と合いません")) {
            try CardInfoApplication(transport: transport).readBasicInfo(pin: CardPIN("1234"))
        }
        // The file was read whole: the refusal comes from the check, not from a read error.
        #expect(transport.trace.entries.last?.ins == 0xB0)
        #expect(transport.trace.entries.allSatisfy { $0.status == .success })
    }
}
