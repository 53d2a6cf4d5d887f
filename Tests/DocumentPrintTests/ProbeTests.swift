import Foundation
import Testing
@testable import DocumentPrint

@Test func probe() throws {
    let doc = try PDFDocument(paper: Paper(size: .a4))
    let p = try doc.text("葛\u{E0102}城 葛城 葛\u{E0100}", in: MMRect(x: 20, y: 20, width: 120, height: 10), style: TextStyle(fontSize: 14))
    print("placement", p)
    doc.ellipse(in: MMRect(x: 20, y: 40, width: 10, height: 8))
    let data = try doc.finish()
    try data.write(to: URL(fileURLWithPath: "/tmp/probe.pdf"))
    print(try Poppler.words(data).map { ($0.text, Array($0.text.unicodeScalars).map { String($0.value, radix: 16) }, $0.xMin, $0.yMin, $0.xMax, $0.yMax) })
    print(try Poppler.fonts(data))
    print(FontSet.preferredFamilies, try FontSet.shared().files)
    do { try doc2() } catch { print("ERR", error) }
}
func doc2() throws {
    let doc = try PDFDocument(paper: Paper(size: .a4))
    try doc.text("abc 😀 ꙮ 𠮷 한글", in: MMRect(x: 20, y: 20, width: 120, height: 10), style: TextStyle(fontSize: 14))
}
