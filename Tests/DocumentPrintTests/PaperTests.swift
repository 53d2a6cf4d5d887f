import CounterTestSupport
import Foundation
import Testing
@testable import DocumentPrint

@Suite("Paper sizes")
struct PaperTests {
    static let expected: [(PaperSize, Double, Double)] = [(.a4, 210, 297), (.a3, 297, 420), (.b4, 257, 364), (.b5, 182, 257)]

    @Test("every size and orientation gives the right PDF page size", arguments: PaperSize.allCases, Orientation.allCases)
    func pageSize(size: PaperSize, orientation: Orientation) throws {
        let document = try PDFDocument(paper: Paper(size: size, orientation: orientation))
        try document.text("用紙", in: MMRect(x: 10, y: 10, width: 40, height: 10), style: TextStyle(fontSize: 12))
        let page = try Poppler.pageSize(try document.finish())
        let (_, width, height) = try #require(Self.expected.first { $0.0 == size })
        if orientation == .portrait {
            #expect(page.width == width && page.height == height)
        } else {
            #expect(page.width == height && page.height == width)
        }
    }

    @Test("JIS B sizes, not ISO B")
    func jisB() {
        #expect(Paper(size: .b5).width == 182)
        #expect(Paper(size: .b4, orientation: .landscape).width == 364)
    }
}
