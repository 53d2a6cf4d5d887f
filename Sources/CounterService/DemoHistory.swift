import CashlessLedger
import CounterCore
import CounterKPI
import CounterStore
import Foundation
import GRDB

/// A synthetic, realistic history of the city's counters (`counter demo-data`), the same for a seed: weekday
/// volumes per office (the March–April moving season busier), cashless use growing over the period, kiosks taking a
/// growing share of certificates, some 手書き cases (the baseline of the time-saved KPI), cancellations, 公用
/// exemptions, reprints and 処分. Written through ``CaseHistoryWriter``, a day per transaction.
public struct DemoHistory: Sendable {
    /// The offices, in `offices.json` order (the first `count` are used).
    public let terminals: TerminalDirectory
    public let writer: CaseHistoryWriter

    public init(terminals: TerminalDirectory, writer: CaseHistoryWriter) {
        self.terminals = terminals
        self.writer = writer
    }

    /// What a run wrote.
    public struct Summary: Sendable, Equatable {
        public var days = 0, cases = 0, events = 0
    }

    /// Writes `days` days ending on `last` for the first `offices` offices; `progress` is told each day done.
    public func generate(offices count: Int, days: Int, last: CalendarDate, seed: UInt64, into database: CounterDatabase,
                         progress: (Int) -> Void = { _ in }) throws -> Summary {
        var random = SplitMix64(seed: seed)
        let offices = Array(terminals.offices.offices.prefix(count))
        let first = last.adding(days: -(days - 1))
        var summary = Summary()
        let before = try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_event") ?? 0 }
        // A year of random ids lands all over the indexes: a page cache of 256 MiB (this connection only) keeps the
        // writes from re-reading them.
        try database.write { db in try db.execute(sql: "PRAGMA cache_size = -262144") }
        for offset in 0..<days {
            let day = first.adding(days: offset)
            let weekday = Self.weekday(day)
            if weekday == 0 || weekday == 6 || (day.month == 12 && day.day >= 29) || (day.month == 1 && day.day <= 3) {
                progress(offset + 1)
                continue
            }
            // Adoption grows over the period: cashless from 15 % to 55 % of payments, kiosks from 10 % to 45 % of certificates.
            let progressShare = Double(offset) / Double(max(days - 1, 1))
            let season = day.month == 3 || day.month == 4 ? 1.8 : (weekday == 1 ? 1.25 : 1.0)
            try database.write { db in
                for office in offices {
                    let counters = terminals.terminals(of: .counter, in: office.id, during: DayRange(day, day))
                        .filter { terminals.office(of: $0, on: day)?.id == office.id && !$0.hasPrefix("DEMO") }
                    let kiosks = terminals.terminals(of: .kiosk, in: office.id, during: DayRange(day, day))
                        .filter { terminals.office(of: $0, on: day)?.id == office.id && !$0.hasPrefix("KIOSK") }
                    guard !counters.isEmpty else { continue }
                    let base = office.type == .ward ? 100.0 : office.type == .taxOffice ? 40 : 50
                    let volume = Int(base * season * (0.8 + 0.4 * Double(random.next() % 1000) / 1000))
                    var slips: [String: Int] = [:]
                    for index in 0..<volume {
                        let past = Self.draw(office: office, counters: counters, kiosks: kiosks, day: day, index: index, of: volume,
                                             adoption: progressShare, slips: &slips, random: &random)
                        try writer.write(past, ids: &random, in: db)
                        summary.cases += 1
                    }
                }
            }
            summary.days += 1
            progress(offset + 1)
        }
        summary.events = try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_event") ?? 0 } - before
        return summary
    }

    /// 0 = Sunday … 6 = Saturday.
    static func weekday(_ day: CalendarDate) -> Int {
        (day.daysSince(CalendarDate(year: 2000, month: 1, day: 2)) % 7 + 7) % 7
    }

    /// One case of the day.
    static func draw(office: Office, counters: [String], kiosks: [String], day: CalendarDate, index: Int, of volume: Int,
                     adoption: Double, slips: inout [String: Int], random: inout SplitMix64) -> HistoryCase {
        func chance(_ p: Double) -> Bool { Double(random.next() % 1_000_000) / 1_000_000 < p }
        func pick<T>(_ list: [T]) -> T { list[Int(random.next() % UInt64(list.count))] }
        // Spread over 09:00–17:00 in Japan.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .japan
        let opening = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 9)) ?? Date(timeIntervalSince1970: 0)
        let start = opening + Double(index * 8 * 3600 / max(volume, 1)) + Double(random.next() % 60)
        let kiosk = !kiosks.isEmpty && chance(0.10 + 0.35 * adoption)
        let terminal = kiosk ? pick(kiosks) : pick(counters)
        let actor: EventActor = kiosk ? .kiosk(terminalID: terminal) : .clerk(id: "\(terminal.lowercased())-c\(random.next() % 3 + 1)")
        let cashless = chance(office.type == .taxOffice ? 0.04 + 0.08 * adoption : 0.15 + 0.40 * adoption) || (kiosk && chance(0.6))
        func fee(_ code: String, _ quantity: Int, exempt: Bool = false) -> HistoryCase.Fee {
            var slip: String?
            if cashless && !exempt {
                slips[terminal, default: 0] += 1
                slip = String(format: "%06d", slips[terminal] ?? 0)
            }
            return HistoryCase.Fee(lines: [OrderLine(code: code, quantity: quantity, exempt: exempt)], cashless: cashless && !exempt,
                                   seconds: cashless ? 8 + Int(random.next() % 10) : 20 + Int(random.next() % 18),
                                   cancelled: chance(0.01), slip: slip)
        }
        let certificates: [(kind: String, fee: String)] = office.type == .taxOffice
            ? [("kazei", "cert-kazei")]
            : [("juminhyo-household", "cert-juminhyo"), ("juminhyo-personal", "cert-juminhyo"), ("inkan", "cert-inkan"),
               ("koseki-zenbu", "cert-koseki"), ("fuhyo", "cert-fuhyo"), ("kazei", "cert-kazei")]
        if kiosk {
            let certificate = pick(certificates)
            let copies = 1 + Int(random.next() % 2)
            return HistoryCase(terminal: terminal, actor: actor, channel: .kiosk, style: .certificate, start: start,
                               seconds: 60 + Int(random.next() % 90), fee: fee(certificate.fee, copies),
                               issuance: .init(kind: certificate.kind, copies: copies, reprinted: chance(0.003)))
        }
        let roll = Double(random.next() % 1000) / 1000
        if roll < 0.40 || office.type != .ward && roll < 0.8 {
            // 証明書の交付 at the counter (公用 now and then).
            let certificate = pick(certificates)
            let official = chance(0.02)
            let copies = 1 + Int(random.next() % 3)
            return HistoryCase(terminal: terminal, actor: actor, channel: .counter, style: .certificate, start: start,
                               seconds: 150 + Int(random.next() % 240), fee: fee(certificate.fee, copies, exempt: official),
                               issuance: .init(kind: certificate.kind, copies: copies, official: official, reprinted: chance(0.005),
                                               voided: chance(0.002)))
        }
        if roll < 0.85 {
            // 書かない窓口, and now and then a clerk runs one 手書き for the baseline (about 3 minutes longer).
            let handwritten = chance(0.12)
            let forms = [pick(["idou-todoke", "juminhyo-koufu", "inkan-touroku", "kokuho-shikaku", "jidou-teate"])]
                + (chance(0.3) ? ["juminhyo-koufu"] : [])
            return HistoryCase(terminal: terminal, actor: actor, channel: .counter, style: handwritten ? .handwritten : .preprinted,
                               start: start, seconds: (handwritten ? 600 : 420) + Int(random.next() % 240) - 120,
                               forms: handwritten ? [] : forms, fee: chance(0.35) ? fee("cert-juminhyo", 1) : nil)
        }
        let abandoned = chance(0.01)
        return HistoryCase(terminal: terminal, actor: actor, channel: .counter, style: .fee, start: start,
                           seconds: abandoned ? nil : 90 + Int(random.next() % 120),
                           fee: fee(pick(["etsuran-juki", "inkan-saikoufu", "mynumber-saikoufu"]), 1))
    }
}
