import CounterCore
import Foundation

/// The plan's KPI targets from `seeds/kpi-targets.json`, each with the plan page it comes from.
public struct KPITargets: Sendable, Equatable {
    /// Counter time saved (p.34).
    public struct TimeSaved: Sendable, Equatable, Decodable {
        public var page: Int
        public var wording: String
        /// Minutes a preprinted case saves in the plan's method.
        public var minutesPerCase: Int
        /// Cases per preprint device per year.
        public var casesPerDevice: Int
        /// Hours per device per fiscal year ("2024": 165).
        public var hoursPerDevice: [String: Int]
        /// The measured method's medians are shown from this many cases of each kind.
        public var minimumCasesForMedian: Int
    }

    /// Cashless usage (p.36).
    public struct Cashless: Sendable, Equatable, Decodable {
        public var page: Int
        public var wording: String
        /// Percent by office type and fiscal year.
        public var targets: [String: [String: Double]]
    }

    /// Kiosk + convenience-store share (p.35).
    public struct KioskShare: Sendable, Equatable, Decodable {
        public var page: Int
        public var wording: String
        /// Percent by fiscal year.
        public var targets: [String: Double]
        /// The certificate kinds counted (those the convenience stores issue).
        public var kinds: [String]
    }

    public var timeSaved: TimeSaved
    public var cashless: Cashless
    public var kioskShare: KioskShare

    private struct File: Decodable { var timeSaved: TimeSaved; var cashless: Cashless; var kioskShare: KioskShare }

    /// Loads and checks `kpi-targets.json`.
    public init(seeds: SeedDirectory) throws {
        let url = seeds.file("kpi-targets.json")
        let file = try SeedDirectory.decode(File.self, from: url)
        func fail(_ entry: String, _ field: String, _ problem: String) -> SeedError {
            SeedError(file: url.path, entry: entry, field: field, problem: problem)
        }
        let t = file.timeSaved
        guard (1...60).contains(t.minutesPerCase) else { throw fail("timeSaved", "minutesPerCase", "1〜60 分にしてください") }
        guard (1...100_000).contains(t.casesPerDevice) else { throw fail("timeSaved", "casesPerDevice", "1〜100000 件にしてください") }
        guard (2...10_000).contains(t.minimumCasesForMedian) else { throw fail("timeSaved", "minimumCasesForMedian", "2〜10000 件にしてください") }
        for (year, hours) in t.hoursPerDevice where Int(year) == nil || !(0...10_000).contains(hours) {
            throw fail("timeSaved", "hoursPerDevice.\(year)", "年度（西暦）と 0〜10000 時間にしてください")
        }
        for (type, years) in file.cashless.targets {
            guard Office.Kind(rawValue: type) != nil else { throw fail("cashless", "targets.\(type)", "offices.json の事務所の種類にしてください") }
            for (year, percent) in years where Int(year) == nil || !(0...100).contains(percent) {
                throw fail("cashless", "targets.\(type).\(year)", "年度（西暦）と 0〜100 % にしてください")
            }
        }
        for (year, percent) in file.kioskShare.targets where Int(year) == nil || !(0...100).contains(percent) {
            throw fail("kioskShare", "targets.\(year)", "年度（西暦）と 0〜100 % にしてください")
        }
        guard !file.kioskShare.kinds.isEmpty, file.kioskShare.kinds.allSatisfy(RecordIdentifier.isValid) else {
            throw fail("kioskShare", "kinds", "数える証明書の種類（id）を1つ以上指定してください")
        }
        timeSaved = t
        cashless = file.cashless
        kioskShare = file.kioskShare
    }

    /// Hours saved per device in `year`, if the plan sets it.
    public func hoursPerDevice(in year: FiscalYear) -> Int? { timeSaved.hoursPerDevice[String(year.year)] }
    /// The cashless target (percent) for `type` in `year`, if any.
    public func cashless(_ type: Office.Kind, in year: FiscalYear) -> Double? { cashless.targets[type.rawValue]?[String(year.year)] }
    /// The kiosk + convenience-store share target (percent) in `year`, if any.
    public func kioskShare(in year: FiscalYear) -> Double? { kioskShare.targets[String(year.year)] }
}

/// What kind of terminal it is.
public enum TerminalKind: String, Sendable, Codable, CaseIterable {
    /// A clerk's PC with the card reader and printer (a preprint device of the time-saved KPI).
    case counter
    /// A self-service kiosk.
    case kiosk

    public init(from decoder: any Decoder) throws { try self.init(namedCaseFrom: decoder) }
}

/// Where each terminal stands, day by day (`seeds/terminals.json`): a terminal moved to another office has an entry
/// per office with the day it arrived.
public struct TerminalDirectory: Sendable, Equatable {
    /// One stay of a terminal at an office, from `from` until the terminal's next entry.
    public struct Stay: Sendable, Equatable, Decodable {
        public var id: String
        public var office: String
        public var kind: TerminalKind
        public var from: CalendarDate
    }

    /// Every stay, by terminal, in day order.
    public let stays: [String: [Stay]]
    /// The offices.
    public let offices: OfficeDirectory

    private struct File: Decodable { var terminals: [Stay] }

    /// Loads `terminals.json` and checks it against the offices.
    public init(seeds: SeedDirectory) throws {
        let url = seeds.file("terminals.json")
        try self.init(stays: try SeedDirectory.decode(File.self, from: url).terminals, offices: try OfficeDirectory(seeds: seeds),
                      file: url.path)
    }

    /// Checks the stays: each terminal id valid, each office known, a terminal's stays in increasing days.
    public init(stays list: [Stay], offices: OfficeDirectory, file: String = "terminals.json") throws {
        var byTerminal: [String: [Stay]] = [:]
        for (index, stay) in list.enumerated() {
            let entry = "terminals[\(index)]"
            guard RecordIdentifier.isValid(stay.id) else { throw SeedError(file: file, entry: entry, field: "id", problem: "半角英数字の端末 ID にしてください") }
            guard offices.office(id: stay.office) != nil else {
                throw SeedError(file: file, entry: entry, field: "office", problem: "offices.json にない事務所です")
            }
            if let last = byTerminal[stay.id]?.last, last.from >= stay.from {
                throw SeedError(file: file, entry: entry, field: "from", problem: "同じ端末の前の行より後の日付にしてください")
            }
            byTerminal[stay.id, default: []].append(stay)
        }
        stays = byTerminal
        self.offices = offices
    }

    /// The office `terminal` stood in on `day` (nil: not listed, or before its first day).
    public func office(of terminal: String, on day: CalendarDate) -> Office? {
        guard let stay = stays[terminal]?.last(where: { $0.from <= day }) else { return nil }
        return offices.office(id: stay.office)
    }

    /// The terminal's kind (its latest entry), if listed.
    public func kind(of terminal: String) -> TerminalKind? { stays[terminal]?.last?.kind }

    /// The terminals of `kind` that stood in `office` (nil: any office) on some day of `range`.
    public func terminals(of kind: TerminalKind, in office: String?, during range: DayRange) -> [String] {
        stays.keys.sorted().filter { terminal in
            guard self.kind(of: terminal) == kind else { return false }
            guard let office else { return stays[terminal]?.contains { $0.from <= range.last } == true }
            return (stays[terminal] ?? []).enumerated().contains { index, stay in
                let next = stays[terminal].flatMap { index + 1 < $0.count ? $0[index + 1].from : nil }
                return stay.office == office && stay.from <= range.last && (next.map { $0 > range.first } ?? true)
            }
        }
    }

    /// The share of `range`'s days `terminal` stood in `office` (any office when nil): 1 for a terminal that stayed.
    public func share(of terminal: String, in office: String?, during range: DayRange) -> Double {
        var days = 0
        var day = range.first
        while day <= range.last {
            if let here = self.office(of: terminal, on: day), office == nil || here.id == office { days += 1 }
            day = day.adding(days: 1)
        }
        return Double(days) / Double(range.count)
    }

    /// True when `terminal` moves on a day inside `range` other than its first (its days there have two offices).
    public func moves(_ terminal: String, within range: DayRange) -> Bool {
        (stays[terminal] ?? []).dropFirst().contains { range.first < $0.from && $0.from <= range.last }
    }
}

/// A counter shift (`seeds/shifts.json`): what a shift report counts, from `start` to `end` of a day in Japan.
public struct Shift: Sendable, Equatable, Decodable {
    public var id: String
    public var name: String
    public var start: String
    public var end: String

    /// Minutes after midnight of `start` and `end`.
    public var minutes: (start: Int, end: Int)? {
        func parse(_ text: String) -> Int? {
            let parts = text.split(separator: ":")
            guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
                  (0...24).contains(h), (0...59).contains(m), h * 60 + m <= 24 * 60 else { return nil }
            return h * 60 + m
        }
        guard let start = parse(start), let end = parse(end) else { return nil }
        return (start, end)
    }

    /// Loads and checks `shifts.json`: ids unique, times HH:MM with the end after the start, no overlap.
    public static func load(seeds: SeedDirectory) throws -> [Shift] {
        struct File: Decodable { var shifts: [Shift] }
        let url = seeds.file("shifts.json")
        let shifts = try SeedDirectory.decode(File.self, from: url).shifts
        var previousEnd = -1
        var ids = Set<String>()
        for (index, shift) in shifts.enumerated() {
            let entry = "shifts[\(index)]"
            guard RecordIdentifier.isValid(shift.id), ids.insert(shift.id).inserted, !shift.name.isEmpty,
                  TextSafety.forbidden(in: shift.name) == nil else {
                throw SeedError(file: url.path, entry: entry, field: "id", problem: "重複しない id と名前にしてください")
            }
            guard let minutes = shift.minutes, minutes.start < minutes.end else {
                throw SeedError(file: url.path, entry: entry, field: "start", problem: "HH:MM で、終わりを始まりより後にしてください")
            }
            guard minutes.start >= previousEnd else {
                throw SeedError(file: url.path, entry: entry, field: "start", problem: "前のシフトと重ならないようにしてください")
            }
            previousEnd = minutes.end
        }
        return shifts
    }
}
