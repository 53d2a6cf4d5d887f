import Foundation
import MyNumberReader
import Testing

extension VirtualReaderSuite {
    /// `CardReaderAccess` itself through pcscd: sessions, power-off, waiting for changes.
    @Suite struct ReaderSessionTests {
        @Test func sessionEndPowersTheCardOff() throws {
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let trace = APDUTrace()
            let access = try CardReaderAccess(trace: trace)
            let info = try access.withCard(reader: card.reader) { try CardInfoApplication(transport: $0).readBasicInfo(pin: CardPIN("1234")) }
            #expect(info.birthDate.iso == "1985-04-12")
            #expect(trace.entries.count == 6)
            #expect(trace.entries.allSatisfy { $0.ins != 0x20 || $0.data == nil })
            // A new session starts unverified: the PIN did not outlive the previous one.
            #expect(throws: CardError.securityStatusNotSatisfied) {
                try access.withCard(reader: card.reader) { transport in
                    let channel = CardChannel(transport)
                    try channel.selectApplication(CardInfoApplication.aid)
                    try channel.selectFile(CardInfoApplication.basicInfoFile)
                    return try channel.readBinary(offset: 0, length: 8)
                }
            }
        }

        @Test func withoutReaderNameTheReaderHoldingACardIsUsed() throws {
            let card = try VirtualCard.start(profile: "katsuragi-taro")
            defer { card.stop() }
            let access = try CardReaderAccess()
            let first = try #require(try access.readers().first(where: \.cardPresent)?.name)
            let before = card.traceLines().count
            _ = try access.withCard { try CardInfoApplication(transport: $0).pinTriesLeft() }
            // The session went to the first reader holding a card: ours exactly when ours is that reader.
            #expect((card.traceLines().count > before) == (first == card.reader))
        }

        @Test func waitingSeesRemovalAndInsertion() throws {
            let access = try CardReaderAccess()
            var card: VirtualCard? = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card?.stop() }
            let reader = try #require(card?.reader)
            #expect(try access.waitForCard(reader: reader, timeout: .seconds(1)) == reader)
            var states = try access.readers()
            #expect(states.first { $0.name == reader }?.cardPresent == true)
            card?.stop()
            card = nil
            let deadline = ContinuousClock.now.advanced(by: .seconds(10))
            while states.first(where: { $0.name == reader })?.cardPresent == true, ContinuousClock.now < deadline {
                states = try access.waitForChange(from: states, timeout: .seconds(2))
            }
            #expect(states.first { $0.name == reader }?.cardPresent == false)
            #expect(throws: CardError.noCard) { try access.waitForCard(reader: reader, timeout: .milliseconds(200)) }
        }
    }
}
