import CounterCore
import Testing
@testable import MyNumberReader

@Suite struct TLVTests {
    @Test func shortLengthAndMultiByteTags() throws {
        let bytes: [UInt8] = [0xFF, 0x20, 0x08, 0xDF, 0x22, 0x02, 0x41, 0x42, 0x5F, 0x01, 0x00]
        let top = try BERTLV.parse(bytes)
        #expect(top.count == 1)
        #expect(top[0].tag == 0xFF20)
        #expect(top[0].isConstructed)
        let children = try BERTLV.children(of: top[0], in: bytes)
        #expect(children.map(\.tag) == [0xDF22, 0x5F01])
        #expect(Array(children[0].value) == [0x41, 0x42])
        #expect(children[1].value.isEmpty)
    }

    @Test func longLengthForms() throws {
        let value81 = [UInt8](repeating: 0x31, count: 0x9F)
        let oneByte = [0xDF, 0x23, 0x81, 0x9F] + value81
        #expect(try BERTLV.parse(oneByte)[0].value.count == 0x9F)
        // The card writes non-minimal two-byte lengths such as 82 00 9F.
        let nonMinimal = [0xFF, 0x20, 0x82, 0x00, 0x9F] + value81
        let parsed = try BERTLV.parse(nonMinimal)
        #expect(parsed[0].valueOffset == 5)
        #expect(parsed[0].value.count == 0x9F)
        #expect(try BERTLV.elementSize(in: Array(nonMinimal.prefix(8))) == 5 + 0x9F)
        let value300 = [UInt8](repeating: 0x32, count: 300)
        #expect(try BERTLV.parse([0x04, 0x82, 0x01, 0x2C] + value300)[0].value.count == 300)
    }

    @Test func encodeRoundTrips() throws {
        for length in [0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x1234] {
            let encoded = BERTLV.encode(tag: 0xDF23, value: [UInt8](repeating: 0xAB, count: length))
            let element = try #require(try BERTLV.parse(encoded).first)
            #expect(element.tag == 0xDF23)
            #expect(element.value.count == length)
        }
        #expect(BERTLV.encodeLength(0x9F, twoByteForm: true) == [0x82, 0x00, 0x9F])
    }

    @Test func fillerAfterRecordIsSkipped() throws {
        let bytes: [UInt8] = [0x04, 0x01, 0x41, 0x00, 0x00, 0xFF, 0xFF, 0xFF]
        #expect(try BERTLV.parse(bytes).count == 1)
    }

    @Test(arguments: [
        ([0xDF], TLVError.truncated(at: 1)),
        ([0xFF, 0x20], TLVError.truncated(at: 2)),
        ([0xDF, 0x22, 0x05, 0x41], TLVError.truncated(at: 4)),
        ([0xFF, 0x20, 0x82, 0x01], TLVError.truncated(at: 4)),
        ([0x04, 0x80, 0x00], TLVError.badLength(at: 1)),
        ([0x04, 0x85, 0x00, 0x00, 0x00, 0x00, 0x01], TLVError.badLength(at: 1)),
        ([0x1F, 0x81, 0x82, 0x83, 0x84, 0x01, 0x00], TLVError.tagTooLong(at: 0)),
    ] as [([UInt8], TLVError)])
    func malformedInputThrows(bytes: [UInt8], expected: TLVError) {
        #expect(throws: expected) { try BERTLV.parse(bytes) }
    }

    @Test func randomInputNeverCrashes() {
        var generator = SplitMix64(seed: 0x4D79_4E75_6D62_6572)
        var parsedSomething = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...40, using: &generator)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if !bytes.isEmpty, Bool.random(using: &generator) { bytes[0] = [0xFF, 0xDF, 0x30, 0x04].randomElement(using: &generator)! }
            if let elements = try? BERTLV.parse(bytes) {
                parsedSomething += 1
                for element in elements where element.isConstructed { _ = try? BERTLV.children(of: element, in: bytes) }
            }
            _ = try? BasicInfoFile.parse(bytes)
        }
        #expect(parsedSomething > 0)
    }
}
