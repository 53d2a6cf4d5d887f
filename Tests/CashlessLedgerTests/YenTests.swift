import CashlessLedger
import CounterCore
import Testing

@Suite("Yen: integer yen, overflow is an error")
struct YenTests {
    @Test("sums, products and differences are exact; overflow throws instead of trapping")
    func checkedArithmetic() throws {
        #expect(try Yen(300).multiplied(by: 3).adding(Yen(450)) == Yen(1350))
        #expect(try Yen(100).subtracting(Yen(350)) == Yen(-250))
        #expect(throws: YenError.overflow) { try Yen(Int64.max).adding(Yen(1)) }
        #expect(throws: YenError.overflow) { try Yen(Int64.min).subtracting(Yen(1)) }
        #expect(throws: YenError.overflow) { try Yen(Int64.max / 2 + 1).multiplied(by: 2) }
        #expect(Yen(1_234_567).description == "1,234,567円")
        #expect(Yen(-50).description == "-50円")
        #expect(Yen(0).grouped == "0")
    }
}
