import CashlessLedger
import CounterCore
@testable import CounterKPI
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import GRDB
import Testing

/// Every KPI on small hand-computed datasets written through the same repositories as live cases, read back from the
/// rollups the triggers keep (and checked against a recomputation from the raw events).
@Suite("KPI reports")
struct KPIReportTests {
    let database: CounterDatabase
    let desk: KPIDesk
    let writer: CaseHistoryWriter
    var sequence = 0

    init() throws {
        database = try CounterStorage.inMemory()
        desk = try KPIDesk(database: database, seeds: Fixtures.seeds)
        writer = CaseHistoryWriter(catalog: try LedgerCatalog.load(from: Fixtures.seeds))
    }

    /// 2026-11-20 at `time` (HH:MM) in Japan.
    static func at(_ time: String, day: String = "2026-11-20") -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: "\(day)T\(time):00+09:00")!
    }

    static let clerk = EventActor.clerk(id: "c1"), taxClerk = EventActor.clerk(id: "t1"), kiosk = EventActor.kiosk(terminalID: "KITA-K01")

    /// The hand-computed day: 2 preprinted and 1 handwritten case at 北区's counter (the handwritten one's payment
    /// cancelled), a 公用 certificate, a kiosk certificate reprinted once, a 課税証明 at 梅田市税事務所.
    static let day: [HistoryCase] = [
        HistoryCase(terminal: "KITA-01", actor: clerk, channel: .counter, style: .preprinted, start: at("09:00"), seconds: 120,
                    forms: ["juminhyo-koufu"], fee: .init(lines: [OrderLine(code: "cert-juminhyo", quantity: 1)], cashless: false, seconds: 20),
                    issuance: .init(kind: "juminhyo-household", copies: 1)),
        HistoryCase(terminal: "KITA-01", actor: clerk, channel: .counter, style: .preprinted, start: at("10:00"), seconds: 180,
                    forms: ["idou-todoke"], fee: .init(lines: [OrderLine(code: "cert-juminhyo", quantity: 2)], cashless: true, seconds: 10),
                    issuance: .init(kind: "juminhyo-household", copies: 2)),
        HistoryCase(terminal: "KITA-01", actor: clerk, channel: .counter, style: .handwritten, start: at("13:00"), seconds: 400,
                    fee: .init(lines: [OrderLine(code: "cert-inkan", quantity: 1)], cashless: false, seconds: 30, cancelled: true),
                    issuance: .init(kind: "inkan", copies: 1)),
        HistoryCase(terminal: "KITA-01", actor: clerk, channel: .counter, style: .certificate, start: at("14:00"), seconds: 90,
                    fee: .init(lines: [OrderLine(code: "cert-juminhyo", quantity: 1, exempt: true)], cashless: false, seconds: 5),
                    issuance: .init(kind: "juminhyo-personal", copies: 1, official: true)),
        HistoryCase(terminal: "KITA-K01", actor: kiosk, channel: .kiosk, style: .certificate, start: at("15:00"), seconds: 60,
                    fee: .init(lines: [OrderLine(code: "cert-juminhyo", quantity: 1)], cashless: true, seconds: 15),
                    issuance: .init(kind: "juminhyo-personal", copies: 1, reprinted: true)),
        HistoryCase(terminal: "UMEDA-TAX-01", actor: taxClerk, channel: .counter, style: .fee, start: at("11:00"), seconds: 100,
                    fee: .init(lines: [OrderLine(code: "cert-kazei", quantity: 1)], cashless: false, seconds: 25),
                    issuance: .init(kind: "kazei", copies: 1)),
    ]

    func write(_ cases: [HistoryCase]) throws {
        var ids = SystemRandomNumberGenerator()
        try database.write { db in
            for past in cases { try writer.write(past, ids: &ids, in: db) }
        }
    }

    func report(_ period: ReportScope.Period, _ day: String = "2026-11-20", office: String? = nil, terminal: String? = nil,
                shift: Shift? = nil) throws -> KPIReport {
        try desk.report(ReportScope(period: period, day: CalendarDate(iso: day)!, shift: shift, office: office, terminal: terminal))
    }

    @Test("one day by hand: fees per kind × method, cashless by count and by amount per office type, 公用 and 取消 apart, kiosk share, cases, payment time, per clerk")
    func handComputedDay() throws {
        try write(Self.day)
        let day = try report(.day)
        #expect(day.payments == KPIReport.Tally(count: 4, amount: 1500), "the cancelled payment and the 公用 one do not count")
        #expect(day.cashlessPayments == KPIReport.Tally(count: 2, amount: 900))
        #expect(day.exemptPayments == 1)
        #expect(day.cancellations == KPIReport.Tally(count: 1, amount: 300))
        let ward = try #require(day.cashless.first { $0.officeType == "ward" })
        #expect(ward.byCount.percent == 66.7 && ward.byAmount.percent == 75.0 && ward.byCount.target == 45 && !ward.byCount.belowTarget)
        let tax = try #require(day.cashless.first { $0.officeType == "taxOffice" })
        #expect(tax.byCount.percent == 0 && tax.byCount.target == 10 && tax.byCount.belowTarget)
        let all = try #require(day.cashless.last)
        #expect(all.officeType == "all" && all.byCount.percent == 50 && all.byAmount.percent == 60 && all.byCount.target == nil)
        #expect(day.fees.contains(KPIReport.FeeLine(code: "cert-juminhyo", label: "住民票の写し", method: "cashless", quantity: 3, amount: 900)))
        #expect(day.fees.contains { $0.code == "cert-juminhyo" && $0.method == "cash" && $0.quantity == 2 && $0.amount == 300 },
                "one charged and one 公用 copy, 300 yen")
        #expect(!day.fees.contains { $0.code == "cert-inkan" }, "the cancelled item is netted out")
        #expect(day.cases.preprinted == 2 && day.cases.handwritten == 1 && day.cases.certificate == 2 && day.cases.fee == 1)
        #expect(day.cases.formsPrinted == 2)
        #expect(day.kioskShare.numerator == 1 && day.kioskShare.denominator == 7 && day.kioskShare.percent == 14.3)
        #expect(day.reprints == 1 && day.officialCopies == 1 && day.voids == 0)
        // Per certificate kind × how it was paid: the cancelled 印鑑登録証明書 is gone, 公用 is its own method.
        #expect(day.certificates.contains(KPIReport.CertificateLine(kind: "juminhyo-household", label: "住民票の写し（世帯全員）", method: "cash",
                                                                     issuances: 1, copies: 1, amount: 300)))
        #expect(day.certificates.contains(KPIReport.CertificateLine(kind: "juminhyo-household", label: "住民票の写し（世帯全員）", method: "cashless",
                                                                     issuances: 1, copies: 2, amount: 600)))
        #expect(day.certificates.contains { $0.kind == "juminhyo-personal" && $0.method == "exempt" && $0.copies == 1 && $0.amount == 0 })
        #expect(day.certificates.contains { $0.kind == "juminhyo-personal" && $0.method == "cashless" && $0.copies == 1 && $0.amount == 300 })
        #expect(!day.certificates.contains { $0.kind == "inkan" }, "its payment was cancelled")
        #expect(day.paymentTime == [KPIReport.PaymentTime(method: "cash", payments: 4, meanSeconds: 20),
                                    KPIReport.PaymentTime(method: "cashless", payments: 2, meanSeconds: 12.5)])
        #expect(day.timeSaved.planHours == 0.1 && day.timeSaved.measuredHours == nil && day.timeSaved.measuredMissing != nil)
        let c1 = try #require(day.perClerk.first { $0.id == "c1" })
        #expect(c1.cases == 4 && c1.payments == 2 && c1.amount == 900, "the clerk's cancelled payment is netted on the clerk")
        #expect(day.perOffice.map(\.id) == ["kita", "umeda-tax"])
        // One office and one terminal.
        let umeda = try report(.day, office: "umeda-tax")
        #expect(umeda.payments.count == 1 && umeda.cashless.map(\.officeType) == ["taxOffice", "all"] && umeda.cashless.last?.byCount.target == 10)
        #expect(try report(.day, terminal: "KITA-K01").kioskShare.percent == 100)
        #expect(try desk.verify().holds)
    }

    @Test("an empty day, and a day whose only payment was cancelled: zeros, no rate, the cancellation counted")
    func emptyAndCancelledDays() throws {
        let empty = try report(.day, "2026-11-19")
        #expect(empty.payments == KPIReport.Tally() && empty.cashless.last?.byCount.percent == nil && empty.kioskShare.percent == nil)
        #expect(empty.cases == KPIReport.Cases() && empty.paymentTime.allSatisfy { $0.meanSeconds == nil })
        try write([HistoryCase(terminal: "KITA-02", actor: Self.clerk, channel: .counter, style: .fee, start: Self.at("10:00", day: "2026-11-19"),
                               seconds: 50, fee: .init(lines: [OrderLine(code: "etsuran-juki", quantity: 1)], cashless: true, seconds: 9, cancelled: true))])
        let cancelled = try report(.day, "2026-11-19")
        #expect(cancelled.payments == KPIReport.Tally() && cancelled.cashless.last?.byCount.percent == nil)
        #expect(cancelled.cancellations == KPIReport.Tally(count: 1, amount: 300) && cancelled.cases.fee == 1)
        #expect(try desk.verify().holds)
    }

    @Test("the fiscal-year boundary is Japan's: 00:30 on 4/1 in Japan (15:30 UTC on 3/31) is the new year, 23:59 on 3/31 the old")
    func fiscalYearBoundary() throws {
        let late = ISO8601DateFormatter().date(from: "2026-03-31T14:59:00Z")!, early = ISO8601DateFormatter().date(from: "2026-03-31T15:30:00Z")!
        func payment(_ start: Date, cashless: Bool) -> HistoryCase {
            HistoryCase(terminal: "KITA-01", actor: Self.clerk, channel: .counter, style: .fee, start: start, seconds: 30,
                        fee: .init(lines: [OrderLine(code: "etsuran-juki", quantity: 1)], cashless: cashless, seconds: 5))
        }
        try write([payment(late, cashless: false), payment(early, cashless: true)])
        let old = try report(.fy, "2026-03-31"), new = try report(.fy, "2026-04-01")
        #expect(old.fiscalYear == 2025 && old.payments.count == 1 && old.cashlessPayments.count == 0 && old.cashless.first?.byCount.target == 40)
        #expect(new.fiscalYear == 2026 && new.payments.count == 1 && new.cashlessPayments.count == 1 && new.cashless.first?.byCount.target == 45)
        #expect(new.from == "2026-04-01" && old.from == "2025-04-01")
    }

    @Test("a terminal moved between offices counts for the office it stood in each day, in a month and in a fiscal year")
    func movedTerminal() throws {
        let offices = try OfficeDirectory(seeds: Fixtures.seeds)
        let directory = try TerminalDirectory(stays: [
            .init(id: "MOVER", office: "kita", kind: .counter, from: CalendarDate(year: 2024, month: 4, day: 1)),
            .init(id: "MOVER", office: "chuo", kind: .counter, from: CalendarDate(year: 2026, month: 11, day: 15)),
        ], offices: offices)
        func payment(_ day: String) -> HistoryCase {
            HistoryCase(terminal: "MOVER", actor: Self.clerk, channel: .counter, style: .preprinted, start: Self.at("10:00", day: day),
                        seconds: 60, forms: ["juminhyo-koufu"], fee: .init(lines: [OrderLine(code: "cert-juminhyo", quantity: 1)], cashless: false, seconds: 5))
        }
        try write([payment("2026-11-10"), payment("2026-11-20"), payment("2026-11-21"), payment("2026-10-05")])
        let context = KPIContext(targets: desk.context.targets, terminals: directory, feeLabels: desk.context.feeLabels)
        func figures(_ period: ReportScope.Period, _ day: String, _ office: String) throws -> KPIReport {
            let scope = ReportScope(period: period, day: CalendarDate(iso: day)!, office: office)
            return KPIReport(scope: try database.read { try KPIStore.figures(scope, directory: directory, targets: context.targets, in: SQLiteConnection(db: $0)) },
                             context: context)
        }
        #expect(try figures(.month, "2026-11-30", "kita").payments.count == 1)
        #expect(try figures(.month, "2026-11-30", "chuo").payments.count == 2)
        #expect(try figures(.fy, "2026-11-30", "kita").payments.count == 2, "October and the 10th of November")
        #expect(try figures(.fy, "2026-11-30", "chuo").payments.count == 2)
        // The device counts for each office for the share of the year's 244 days it stood there (228 and 16).
        let kitaDevices = try figures(.fy, "2026-11-30", "kita").timeSaved.devices, chuoDevices = try figures(.fy, "2026-11-30", "chuo").timeSaved.devices
        #expect(abs(kitaDevices - 228.0 / 244) < 1e-9 && abs(chuoDevices - 16.0 / 244) < 1e-9)
        let city = try figures(.fy, "2026-11-30", "kita")
        #expect(city.perTerminal.first { $0.id == "MOVER" }?.office == "chuo", "a terminal's line names where it stands on the last day")
    }

    @Test("a shift counts only its hours; the time saved in both methods once 30 cases of each kind ended; targets prorated")
    func shiftAndTimeSaved() throws {
        try write(Self.day)
        let morning = try #require(desk.shifts.first { $0.id == "am" })
        let shift = try report(.shift, shift: morning)
        #expect(shift.cases.preprinted == 2 && shift.cases.handwritten == 0 && shift.cases.fee == 1, "09:00, 10:00 and 11:00 only")
        #expect(shift.payments.count == 3 && shift.shift == "am")
        // 30 handwritten cases of 300 s, 30 preprinted of 120 s (a 180 s median difference) on the 21st.
        var many: [HistoryCase] = []
        for index in 0..<30 {
            many.append(HistoryCase(terminal: "KITA-02", actor: Self.clerk, channel: .counter, style: .handwritten,
                                    start: Self.at(String(format: "09:%02d", index), day: "2026-11-21"), seconds: 300))
            many.append(HistoryCase(terminal: "KITA-02", actor: Self.clerk, channel: .counter, style: .preprinted,
                                    start: Self.at(String(format: "10:%02d", index), day: "2026-11-21"), seconds: 120, forms: ["juminhyo-koufu"]))
        }
        try write(many)
        let day = try report(.day, "2026-11-21")
        #expect(day.timeSaved.medianHandwrittenSeconds == 300 && day.timeSaved.medianPreprintedSeconds == 120)
        #expect(day.timeSaved.measuredHours == 1.5, "(300 − 120) s × 30 cases")
        #expect(day.timeSaved.planHours == 1.5, "30 cases × 3 min")
        let fy = try report(.fy, "2026-11-21", office: "kita")
        // 北区: three counter terminals (KITA-01, KITA-02, DEMO01) × 330 h, prorated to 235 of 365 days.
        #expect(fy.timeSaved.devices == 3 && fy.timeSaved.targetHours == 990)
        #expect(abs((fy.timeSaved.proratedTargetHours ?? 0) - 990 * 235 / 365) < 0.001)
        #expect(abs(fy.timeSaved.proratedTargetCases - 6600 * 3 * 235 / 365) < 0.001)
        #expect(fy.timeSaved.medianPreprintedSeconds == 120 && fy.cases.preprinted == 32)
    }

    @Test("a payment in the morning shift cancelled in the afternoon: the morning nets it out, the afternoon counts the 取消; the shifts add up to the day")
    func cancellationAcrossShifts() throws {
        try write([HistoryCase(terminal: "KITA-01", actor: Self.clerk, channel: .counter, style: .fee, start: Self.at("12:00"), seconds: 1800,
                               fee: .init(lines: [OrderLine(code: "etsuran-juki", quantity: 1)], cashless: false, seconds: 20, cancelled: true)),
                   HistoryCase(terminal: "KITA-01", actor: Self.clerk, channel: .counter, style: .fee, start: Self.at("13:00"), seconds: 60,
                               fee: .init(lines: [OrderLine(code: "etsuran-juki", quantity: 1)], cashless: true, seconds: 9))])
        let shifts = desk.shifts
        let morning = try report(.shift, shift: try #require(shifts.first { $0.id == "am" }))
        let afternoon = try report(.shift, shift: try #require(shifts.first { $0.id == "pm" }))
        let day = try report(.day)
        #expect(morning.payments == KPIReport.Tally() && morning.cancellations == KPIReport.Tally(), "paid at 12:00, netted out")
        #expect(afternoon.payments == KPIReport.Tally(count: 1, amount: 300) && afternoon.cancellations == KPIReport.Tally(count: 1, amount: 300))
        #expect(morning.payments.count + afternoon.payments.count == day.payments.count && day.cancellations.count == 1)
        #expect(!morning.fees.contains { $0.quantity < 0 } && !afternoon.fees.contains { $0.quantity < 0 })
    }

    @Test("the rollups equal a recomputation from the raw events; one altered row is found; rebuild restores them")
    func verifyAndRebuild() throws {
        try write(Self.day)
        #expect(try desk.verify() == KPIRollups.Verification(dayRows: try desk.verify().dayRows, differences: 0))
        try database.write { db in try db.execute(sql: "UPDATE kpi_day SET n = n + 1 WHERE metric = 'payment' AND dim = 'cash' AND terminal_id = 'KITA-01'") }
        #expect(try desk.verify().differences == 2, "the altered row is missing from the recomputation, and the recomputed one from the rollup")
        try desk.rebuild()
        #expect(try desk.verify().holds)
        #expect(try report(.day).payments.count == 4)
    }

    @Test("CSV (UTF-8 with BOM) and JSON parse back to the same figures; the PDF's text holds them")
    func formats() throws {
        try write(Self.day)
        let day = try report(.day)
        let json = try #require(JSONSerialization.jsonObject(with: KPIReportFormat.json(day)) as? [String: Any])
        let payments = json["payments"] as? [String: Any]
        #expect(payments?["count"] as? Int == 4 && payments?["amount"] as? Int == 1500)
        let share = json["kioskShare"] as? [String: Any]
        #expect(share?["percent"] as? Double == 14.3 && share?["target"] as? Double == 57.8)
        let csv = KPIReportFormat.csv(day)
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let lines = String(decoding: csv.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        let wardCount = try #require(lines.first { $0.hasPrefix("キャッシュレス決済の利用率（計画 p.36）,区役所（件数）") })
        #expect(wardCount.split(separator: ",").map(String.init) == ["キャッシュレス決済の利用率（計画 p.36）", "区役所（件数）", "2", "3", "66.7%", "45.0%", "達成"])
        let total = try #require(lines.first { $0.hasPrefix("手数料（品目×支払方法）,合計") })
        #expect(total.hasSuffix(",4,1500"))
        let text = try Poppler.text(KPIReportPDF.render(day)).replacingOccurrences(of: "\n", with: " ")
        for figure in ["66.7%", "14.3%", "57.8%", "1500", "目標未達"] { #expect(text.contains(figure), "\(figure) in the PDF") }
    }

    @Test("the convenience-store import: twice counts once, joins the kiosk share; a changed count, a bad row, a duplicate refuse the whole file, naming the row")
    func convenienceImport() throws {
        try write(Self.day)
        let csv = Data("month,office,kind,count\n2026-11,kita,juminhyo-household,13\n2026-11,umeda-tax,kazei,5\n".utf8)
        let now = Date()
        #expect(try desk.importConvenience(csv, name: "c.csv", at: now) == ConvenienceImport.Result(imported: 2, alreadyThere: 0))
        #expect(try desk.importConvenience(csv, name: "c.csv", at: now) == ConvenienceImport.Result(imported: 0, alreadyThere: 2))
        let month = try report(.month)
        #expect(month.convenienceCopies == 18 && month.kioskShare.numerator == 19 && month.kioskShare.denominator == 25)
        #expect(try report(.month, office: "kita").convenienceCopies == 13)
        #expect(try report(.day).convenienceCopies == 0, "monthly counts are not in a day report")
        let changed = Data("month,office,kind,count\n2026-12,kita,inkan,1\n2026-11,kita,juminhyo-household,14\n".utf8)
        #expect(throws: KPIError.conflictingCount(file: "c.csv", row: 3)) { try desk.importConvenience(changed, name: "c.csv", at: now) }
        #expect(try report(.month, "2026-12-31").convenienceCopies == 0, "nothing of a refused file is imported")
        for (body, expected) in [
            ("month,office,kind,count\n2026-13,kita,inkan,1\n", KPIError.invalidField(file: "c.csv", row: 2, column: "month", problem: "年月を YYYY-MM で書いてください")),
            ("month,office,kind,count\n2026-12,nowhere,inkan,1\n", KPIError.invalidField(file: "c.csv", row: 2, column: "office", problem: "offices.json にない事務所です")),
            ("month,office,kind,count\n2026-12,kita,inkan,-1\n", KPIError.invalidField(file: "c.csv", row: 2, column: "count", problem: "0〜10000000 の整数にしてください")),
            ("month,office,kind,count\n2026-12,kita,inkan,1\n2026-12,kita,inkan,1\n", KPIError.duplicateRow(file: "c.csv", row: 3, firstRow: 2)),
            ("office,month,kind,count\n", KPIError.wrongHeader(file: "c.csv")),
        ] {
            #expect(throws: expected) { try desk.importConvenience(Data(body.utf8), name: "c.csv", at: now) }
        }
        #expect(!KPIError.invalidField(file: "c.csv", row: 2, column: "office", problem: "x").userMessage.contains("nowhere"))
    }

    @Test("the seeds: targets with their plan pages, every terminal in one known office, shifts in order; bad seeds refused naming the field")
    func seeds() throws {
        let targets = try KPITargets(seeds: Fixtures.seeds)
        #expect(targets.timeSaved.page == 34 && targets.kioskShare.page == 35 && targets.cashless.page == 36)
        #expect(targets.hoursPerDevice(in: FiscalYear(2024)) == 165 && targets.kioskShare(in: FiscalYear(2026)) == 57.8)
        #expect(targets.cashless(.taxOffice, in: FiscalYear(2025)) == 7 && targets.cashless(.serviceCounter, in: FiscalYear(2025)) == nil)
        let offices = try OfficeDirectory(seeds: Fixtures.seeds)
        let directory = try TerminalDirectory(seeds: Fixtures.seeds)
        #expect(directory.stays.values.allSatisfy { $0.allSatisfy { offices.office(id: $0.office) != nil } })
        let day = CalendarDate(year: 2026, month: 4, day: 1)
        #expect(directory.office(of: "KITA-01", on: day)?.id == "kita" && directory.office(of: "NOWHERE", on: day) == nil)
        #expect(throws: SeedError.self) {
            try TerminalDirectory(stays: [.init(id: "T", office: "atlantis", kind: .counter, from: day)], offices: offices)
        }
        #expect(throws: SeedError.self) {
            try TerminalDirectory(stays: [.init(id: "T", office: "kita", kind: .counter, from: day),
                                          .init(id: "T", office: "chuo", kind: .counter, from: day)], offices: offices)
        }
        #expect(try Shift.load(seeds: Fixtures.seeds).map(\.id) == ["am", "pm", "evening"])
        #expect(FiscalYear(containing: CalendarDate(year: 2027, month: 3, day: 31)) == FiscalYear(2026))
        #expect(FiscalYear(2024).dayCount == 365 && FiscalYear(2023).dayCount == 366)
    }
}
