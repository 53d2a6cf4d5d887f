import CounterCore
import Foundation

/// The kiosk's words and hours from `seeds/kiosk/` (issue 11): one message catalog per language (日本語, English,
/// 中文（简体）, 한국어, Tiếng Việt, やさしい日本語) and the schedule. Every string the kiosk shows comes from here,
/// none from code. Loading refuses a catalog that lacks a key another has, has one the others lack, or whose
/// `{placeholders}` differ from the Japanese catalog's, naming the file and the key (a ``SeedError``).
public struct KioskCatalog: Sendable {
    /// One language's messages.
    public struct Language: Sendable, Equatable {
        /// The language tag (`ja`, `en`, `zh-Hans`, `ko`, `vi`, `ja-easy`).
        public var tag: String
        /// Its name in itself, for the language choice.
        public var name: String
        /// Message key → text with `{placeholders}`.
        public var messages: [String: String]
    }

    /// The languages in the order the choice offers them (the first is the default).
    public let languages: [Language]
    /// When the kiosk serves.
    public let schedule: KioskSchedule
    /// The staff screens' messages (Japanese only), from `staff-ja.json`.
    public let staff: [String: String]

    /// The folder of the kiosk's seeds, inside the seeds folder.
    public static let folder = "kiosk"
    /// The longest message a catalog may hold (characters).
    public static let maximumLength = 200

    private struct StaffFile: Decodable {
        var messages: [String: String]
    }

    private struct MessagesFile: Decodable {
        var language: String
        var name: String
        var messages: [String: String]
    }

    /// Loads and checks `seeds/kiosk/schedule.json` and each language's `messages-<tag>.json`.
    public static func load(from seeds: SeedDirectory) throws -> KioskCatalog {
        let scheduleURL = seeds.file("\(folder)/schedule.json")
        let schedule = try KioskSchedule.load(scheduleURL)
        var languages: [Language] = []
        for tag in schedule.languages {
            let url = seeds.file("\(folder)/messages-\(tag).json")
            let file = try SeedDirectory.decode(MessagesFile.self, from: url)
            guard file.language == tag else {
                throw SeedError(file: url.path, field: "language", problem: "ファイル名の言語（\(tag)）と同じにしてください")
            }
            for (key, text) in file.messages where text.isEmpty || text.count > maximumLength || TextSafety.forbidden(in: text) != nil {
                throw SeedError(file: url.path, entry: key, problem: "制御文字を含まない1〜\(maximumLength)文字にしてください")
            }
            languages.append(Language(tag: tag, name: file.name, messages: file.messages))
        }
        try check(languages, folder: seeds.file(folder).path)
        // The staff sequence must not take over a key a citizen presses (the language key).
        for language in languages where schedule.staffKeys.contains(where: { String($0) == language.messages["keycap.language"] }) {
            throw SeedError(file: scheduleURL.path, field: "staffKeys", problem: "言語を変えるキー（\(language.tag) の keycap.language）を含めないでください")
        }
        let staffURL = seeds.file("\(folder)/staff-ja.json")
        let staff = try SeedDirectory.decode(StaffFile.self, from: staffURL).messages
        for (key, text) in staff where text.isEmpty || text.count > maximumLength || TextSafety.forbidden(in: text) != nil {
            throw SeedError(file: staffURL.path, entry: key, problem: "制御文字を含まない1〜\(maximumLength)文字にしてください")
        }
        return KioskCatalog(languages: languages, schedule: schedule, staff: staff)
    }

    /// The same keys in every catalog, and the same placeholders as the first (Japanese) catalog.
    static func check(_ languages: [Language], folder: String) throws {
        guard let reference = languages.first else {
            throw SeedError(file: "\(folder)/schedule.json", field: "languages", problem: "言語を1つ以上指定してください")
        }
        let allKeys = Set(languages.flatMap(\.messages.keys))
        for language in languages {
            let file = "\(folder)/messages-\(language.tag).json"
            if let missing = allKeys.subtracting(language.messages.keys).sorted().first {
                throw SeedError(file: file, entry: missing, problem: "ほかの言語にあるこの文言がありません。追加してください")
            }
            for (key, text) in language.messages {
                guard placeholders(in: text) == placeholders(in: reference.messages[key] ?? "") else {
                    throw SeedError(file: file, entry: key, problem: "差し込み（{…}）を日本語の文言と同じにしてください")
                }
            }
        }
    }

    /// A staff screen's text of `key` with its placeholders filled from `values`.
    public func staffText(_ key: String, _ values: [String: String] = [:]) -> String {
        var text = staff[key] ?? key
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// The `{name}` placeholders of `text`.
    static func placeholders(in text: String) -> Set<String> {
        var found: Set<String> = [], current: String?
        for character in text {
            if character == "{" { current = "" } else if character == "}", let name = current {
                found.insert(name)
                current = nil
            } else if current != nil { current?.append(character) }
        }
        return found
    }

    /// The text of `key` in `language` (the first language's when the tag is unknown) with its placeholders
    /// filled from `values`.
    public func text(_ key: String, in language: String, _ values: [String: String] = [:]) -> String {
        let catalog = languages.first { $0.tag == language } ?? languages[0]
        var text = catalog.messages[key] ?? key
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }
}

/// When the kiosk serves (as コンビニ交付: every day 6:30–23:00, closed 12/29–1/3), and what it tells citizens about
/// convenience-store issuance.
public struct KioskSchedule: Sendable, Equatable {
    /// Minutes after midnight (Japan) the kiosk opens and closes.
    public let opens: Int, closes: Int
    /// Closed days as (month, day), every year.
    public let closedDays: [(month: Int, day: Int)]
    /// The languages offered, in order.
    public let languages: [String]
    /// Convenience-store hours and fee by language.
    public let konbiniHours: [String: String], konbiniFee: [String: String]
    /// The key sequence that opens the staff menu.
    public let staffKeys: String
    /// Seconds without a key before a session returns to the start, wiped.
    public let idleSeconds: Int

    public static func == (lhs: KioskSchedule, rhs: KioskSchedule) -> Bool {
        lhs.opens == rhs.opens && lhs.closes == rhs.closes && lhs.languages == rhs.languages
            && lhs.closedDays.map { [$0.month, $0.day] } == rhs.closedDays.map { [$0.month, $0.day] }
    }

    private struct File: Decodable {
        struct Konbini: Decodable { var hours: [String: String], fee: [String: String] }
        var opens: String, closes: String, closedDays: [String], konbini: Konbini, languages: [String]
        var staffKeys: String, idleSeconds: Int
    }

    /// Reads and checks `schedule.json`.
    static func load(_ url: URL) throws -> KioskSchedule {
        let file = try SeedDirectory.decode(File.self, from: url)
        func minutes(_ text: String, field: String) throws -> Int {
            let parts = text.split(separator: ":").compactMap { Int($0) }
            // 24:00 closes at midnight (a kiosk open all day).
            guard parts.count == 2, (0...23).contains(parts[0]) && (0...59).contains(parts[1]) || parts == [24, 0] else {
                throw SeedError(file: url.path, field: field, problem: "HH:MM（例 06:30、終了は 24:00 まで）で指定してください")
            }
            return parts[0] * 60 + parts[1]
        }
        let opens = try minutes(file.opens, field: "opens"), closes = try minutes(file.closes, field: "closes")
        guard opens < closes else { throw SeedError(file: url.path, field: "closes", problem: "開始より後の時刻にしてください") }
        let days = try file.closedDays.enumerated().map { index, text -> (month: Int, day: Int) in
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, CalendarDate(year: 2024, month: parts[0], day: parts[1]).isValid else {
                throw SeedError(file: url.path, field: "closedDays[\(index)]", problem: "MM-DD（例 12-29）の実在する日で指定してください")
            }
            return (parts[0], parts[1])
        }
        for tag in file.languages where file.konbini.hours[tag] == nil || file.konbini.fee[tag] == nil {
            throw SeedError(file: url.path, entry: tag, field: "konbini", problem: "この言語のコンビニ交付の時間と手数料を指定してください")
        }
        guard (2...8).contains(file.staffKeys.count), file.staffKeys.allSatisfy({ $0.isASCII && !$0.isLetter && !$0.isNumber && !$0.isWhitespace }) else {
            throw SeedError(file: url.path, field: "staffKeys", problem: "数字・英字・空白以外の記号2〜8文字にしてください（利用者の操作と重ならないように）")
        }
        guard (15...3600).contains(file.idleSeconds) else {
            throw SeedError(file: url.path, field: "idleSeconds", problem: "15から3600の秒数にしてください")
        }
        return KioskSchedule(opens: opens, closes: closes, closedDays: days, languages: file.languages,
                             konbiniHours: file.konbini.hours, konbiniFee: file.konbini.fee, staffKeys: file.staffKeys,
                             idleSeconds: file.idleSeconds)
    }

    /// True when the kiosk serves at `instant` (Japan time).
    public func isOpen(at instant: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .japan
        let parts = calendar.dateComponents([.month, .day, .hour, .minute], from: instant)
        guard let month = parts.month, let day = parts.day, let hour = parts.hour, let minute = parts.minute else { return false }
        if closedDays.contains(where: { $0.month == month && $0.day == day }) { return false }
        let now = hour * 60 + minute
        return opens <= now && now < closes
    }

    /// True when `instant` falls on a closed day (Japan time).
    public func isClosedDay(_ instant: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .japan
        let parts = calendar.dateComponents([.month, .day], from: instant)
        return closedDays.contains { $0.month == parts.month && $0.day == parts.day }
    }

    /// 「6:30〜23:00」 for the closed screen.
    public var hoursText: String {
        "\(opens / 60):\(String(format: "%02d", opens % 60))〜\(closes / 60):\(String(format: "%02d", closes % 60))"
    }
}
