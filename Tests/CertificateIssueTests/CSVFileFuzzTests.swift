import CertificateIssue
import CounterCore
import Foundation
import Testing

/// The CSV reader on mutated input (SplitMix64, reproducible): it parses or refuses with a ``RegistryError``
/// naming a line inside the file, never crashes, and a parsed file keeps the header's width on every row.
@Suite("CSV reader on mutated input")
struct CSVFileFuzzTests {
    @Test("5,000 mutations of a demo file: parsed or refused with a line number within the file")
    func mutations() throws {
        let original = [UInt8](try Data(contentsOf: RegistryFixtures.demoFolder.appendingPathComponent("koseki_members.csv")).prefix(4_000))
        let interesting: [UInt8] = [0x22, 0x2C, 0x0A, 0x0D, 0x00, 0xE3, 0x80, 0xFF, 0x41]
        var random = SplitMix64(seed: 0xC5F)
        for _ in 0..<5_000 {
            var bytes = original
            for _ in 0..<(1 + Int(random.next() % 4)) {
                let index = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes[index] = interesting[Int(random.next() % UInt64(interesting.count))]
                case 1: bytes.insert(interesting[Int(random.next() % UInt64(interesting.count))], at: index)
                default: bytes.remove(at: index)
                }
            }
            let lines = 1 + bytes.filter { $0 == 0x0A }.count
            do {
                let file = try CSVFile(data: Data(bytes), name: "koseki_members.csv")
                #expect(file.rows.allSatisfy { $0.fields.count == file.header.count && $0.line >= 2 && $0.line <= lines })
            } catch {
                switch error {
                case .brokenEncoding(_, let row), .malformedCSV(_, let row, _):
                    #expect((1...lines).contains(row))
                default:
                    Issue.record("unexpected refusal \(error)")
                }
            }
        }
    }
}
