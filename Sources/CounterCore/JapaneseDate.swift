/// A Japanese era (元号) with the day it began.
public struct Era: Sendable, Equatable, Codable {
    /// Stable identifier, e.g. `reiwa`.
    public var id: String
    /// Full name, e.g. 令和.
    public var name: String
    /// One-character abbreviation printed on forms, e.g. 令.
    public var abbreviation: String
    /// Latin letter, e.g. R.
    public var letter: String
    /// First day of the era.
    public var start: CalendarDate
}

/// The table of eras, loaded from `seeds/eras.json`, that converts Gregorian dates to 和暦.
public struct EraTable: Sendable, Equatable {
    /// Eras in chronological order.
    public let eras: [Era]

    private struct File: Decodable { var eras: [Era] }

    /// Builds a table, checking the eras are non-empty and in order.
    public init(eras: [Era], file: String = "eras.json") throws {
        guard !eras.isEmpty else { throw SeedError(file: file, field: "eras", problem: "元号が1つもありません") }
        for (index, era) in eras.enumerated() {
            guard era.start.isValid else {
                throw SeedError(file: file, entry: "eras[\(index)]", field: "start", problem: "存在しない日付です")
            }
            if index > 0, era.start <= eras[index - 1].start {
                throw SeedError(file: file, entry: "eras[\(index)]", field: "start", problem: "開始日が前の元号より前です")
            }
            if era.name.isEmpty || era.abbreviation.isEmpty {
                throw SeedError(file: file, entry: "eras[\(index)]", field: "name", problem: "名前が空です")
            }
        }
        self.eras = eras
    }

    /// Loads `eras.json` from the seeds.
    public init(seeds: SeedDirectory) throws {
        let url = seeds.file("eras.json")
        try self.init(eras: SeedDirectory.decode(File.self, from: url).eras, file: url.path)
    }

    /// Reads a date written in 和暦 as a clerk types it: `S60.4.12` (also `/`, `-` or `,` between the parts,
    /// the era's letter in either case), `昭和60年4月12日`, `昭和元年12月25日`, `S60年4月12日`; full-width digits
    /// too. Nil unless the date exists and falls inside the named era.
    public func date(fromJapanese input: String) -> CalendarDate? {
        // Full-width letters, digits and separators as the IME gives them (U+FF01–U+FF5E → ASCII).
        let text = String(String.UnicodeScalarView(input.unicodeScalars.map { scalar -> Unicode.Scalar in
            (0xFF01...0xFF5E).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0) ?? scalar : scalar
        })).trimmingCharacters(in: .whitespaces)
        guard let (era, rest) = eraPrefix(of: text) else { return nil }
        let parts = rest.split(whereSeparator: { "./-,年月日".contains($0) }).map(String.init)
        guard parts.count == 3 else { return nil }
        let yearOfEra = parts[0] == "元" ? 1 : Int(parts[0])
        guard let yearOfEra, let month = Int(parts[1]), let day = Int(parts[2]), yearOfEra >= 1 else { return nil }
        let date = CalendarDate(year: era.start.year + yearOfEra - 1, month: month, day: day)
        guard date.isValid, date >= era.start else { return nil }
        if let next = eras.first(where: { $0.start > era.start }), date >= next.start { return nil }
        return date
    }

    /// The era a text starts with (its name, e.g. 昭和, or its letter, e.g. S), and the rest.
    private func eraPrefix(of text: String) -> (Era, Substring)? {
        for era in eras.reversed() {
            if text.hasPrefix(era.name) { return (era, text.dropFirst(era.name.count)) }
            if !era.letter.isEmpty, let first = text.first, String(first).uppercased() == era.letter.uppercased(),
               text.dropFirst().first?.isNumber == true || text.dropFirst().first == "元" {
                return (era, text.dropFirst())
            }
        }
        return nil
    }

    /// The Japanese date for a Gregorian date, or nil before the first era in the table.
    public func japaneseDate(for date: CalendarDate) -> JapaneseDate? {
        guard let era = eras.last(where: { $0.start <= date }) else { return nil }
        return JapaneseDate(era: era, year: date.year - era.start.year + 1, month: date.month, day: date.day)
    }
}

/// A date in the Japanese calendar (和暦): era, year of the era, month, day.
public struct JapaneseDate: Sendable, Equatable {
    /// The era the date falls in.
    public var era: Era
    /// Year of the era; 1 is printed as 「元年」.
    public var year: Int
    /// Month, 1–12 (the same as in the Gregorian date).
    public var month: Int
    /// Day of the month (the same as in the Gregorian date).
    public var day: Int

    /// The year of the era as printed: 「元」 for the first year, else the number.
    public var yearText: String { year == 1 ? "元" : String(year) }

    /// e.g. 「令和元年5月1日」, 「昭和55年2月17日」.
    public var formatted: String { "\(era.name)\(yearText)年\(month)月\(day)日" }
}
