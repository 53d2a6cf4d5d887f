import CounterTestSupport
import Foundation
import MyNumberReader
import Synchronization
import Testing

extension SecondVirtualReaderSuite {
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

        @Test func withoutReaderNameTheReaderHoldingACardIsUsed() async throws {
            // The other suite's cards stay out meanwhile; the card goes into the second reader, so an empty reader
            // comes before ours.
            try await VirtualReaderPair.withEveryReader {
                let card = try VirtualCard.start(profile: "katsuragi-taro", options: .secondReader)
                defer { card.stop() }
                let access = try CardReaderAccess()
                let states = try access.readers()
                try #require(states.filter(\.cardPresent).map(\.name) == [card.reader], "ours must be the only reader holding a card")
                try #require(states.first.map { $0.name != card.reader && !$0.cardPresent } == true, "an empty reader must come first")
                let before = card.traceLines().count
                let tries = try access.withCard { try CardInfoApplication(transport: $0).pinTriesLeft() }
                #expect(tries == 3)
                #expect(card.traceLines().count == before + 3)
            }
        }

        @Test func cancelWaitEndsAWaitOnAnotherThread() throws {
            let access = try CardReaderAccess()
            let states = try access.readers()
            let outcome = Mutex<Result<[ReaderState], CardError>?>(nil)
            let finished = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                let result = Result { () throws(CardError) in try access.waitForChange(from: states, timeout: .seconds(600)) }
                outcome.withLock { $0 = result }
                finished.signal()
            }
            // Cancel until the waiter has returned (a cancel before it started waiting has nothing to end).
            var attempts = 0
            while finished.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
                attempts += 1
                try #require(attempts < 300, "cancelWait() did not end the wait")
                access.cancelWait()
            }
            #expect(try outcome.withLock { $0 }?.get() == states)
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
