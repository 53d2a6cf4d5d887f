import ArgumentParser
import CertificateIssue
import CounterCore
import Foundation

/// `counter residents …`: the resident registry (住民データ) from the command line: import and search.
struct ResidentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "residents",
        abstract: "住民データ（住民・世帯・印鑑登録・戸籍・附票・課税）の取込と検索",
        subcommands: [ResidentsImportCommand.self, ResidentsFindCommand.self])
}

/// `counter residents import DIR`: adds a folder of registry CSV files (`docs/registry.md`), all or nothing.
struct ResidentsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "CSV のフォルダから住民データを取り込みます（1行でも誤りがあれば何も取り込みません）。")

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var city: RegistryOption

    @Argument(help: "CSV ファイル（persons.csv など）のフォルダ")
    var folder: String

    @Flag(name: .customLong("if-empty"), help: "住民が1人でも登録済みなら何もしません（デモの準備用）")
    var ifEmpty = false

    @Flag(help: "JSON で出力します")
    var json = false

    func run() throws {
        let seeds = try SeedDirectory.locate()
        let store = try city.store(database: try database.open())
        let registry = try RegistryOption.registry(in: store, seeds: seeds)
        if ifEmpty, try registry.counts().persons > 0 {
            if json { try printJSON(["skipped": true]) } else { printOut("住民データは登録済みです。取り込みませんでした。") }
            return
        }
        let counts = try RegistryImport(seeds: seeds).run(folder: URL(fileURLWithPath: folder, isDirectory: true), into: store)
        if json {
            try printJSON(counts)
            return
        }
        printOut("住民データを取り込みました。")
        for (label, count) in counts.lines { printOut("\(label)\t\(count)") }
    }
}

/// `counter residents find`: persons by name, kana and birth date (異体字-tolerant). Never prints a 個人番号
/// or a 住民票コード; a person under 支援措置 or 発行抑止 is marked 「要確認」 only, never with a reason.
struct ResidentsFindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "氏名・フリガナ・生年月日で住民を検索します（髙/高 などの異体字は同じ字として探します）。")

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var city: RegistryOption

    @Option(help: "氏名または通称の一部（100文字まで）")
    var name: String?

    @Option(help: "フリガナの先頭（ひらがな・カタカナ、100文字まで）")
    var kana: String?

    @Option(help: "生年月日 YYYY-MM-DD")
    var birth: String?

    @Option(help: "最大件数（1〜500、省略時は50）")
    var limit: Int = 50

    @Flag(help: "JSON で出力します")
    var json = false

    var query: ResidentQuery {
        get throws {
            try ResidentQuery(name: name, kana: kana, birthDate: parseDay(birth, option: "--birth"), limit: limit).validated()
        }
    }

    func validate() throws {
        do {
            _ = try query
        } catch let error as RegistryError {
            throw ValidationError(error.userMessage)
        }
    }

    func run() throws {
        let seeds = try SeedDirectory.locate()
        let registry = try city.registry(database: try database.open(), seeds: seeds)
        let persons = try registry.search(try query)
        if json {
            try printJSON(persons.map(PersonListingJSON.init))
            return
        }
        if persons.isEmpty {
            printOut("該当する住民はいません。")
            return
        }
        for person in persons {
            let address = person.address + (person.katagaki.map { "\u{3000}" + $0 } ?? "")
            let fields = [person.id, person.name, person.kana ?? "", person.birthDate.iso, person.sex.label, address,
                          person.status.label, person.needsAttention ? "要確認" : ""]
            printOut(fields.map(TextSafety.terminalSafe).joined(separator: "\t"))
        }
    }
}

/// A person in a list for scripts: what a clerk needs to pick the person, never the 個人番号 (only whether
/// the registry holds one), never the 住民票コード, never why a person needs attention.
struct PersonListingJSON: Encodable {
    var personId: String, name: String, kana: String?, alias: String?, birthDate: String, sex: String
    var address: String, katagaki: String?, householdId: String, relationship: String, isHouseholdHead: Bool
    var status: String, statusDate: String?, attention: Bool, hasIndividualNumber: Bool, nationality: String?

    init(_ person: Person) {
        personId = person.id
        name = person.name
        kana = person.kana
        alias = person.alias
        birthDate = person.birthDate.iso
        sex = person.sex.code
        address = person.address
        katagaki = person.katagaki
        householdId = person.householdID
        relationship = person.relationship
        isHouseholdHead = person.isHouseholdHead
        status = person.status.rawValue
        statusDate = person.statusDate?.iso
        attention = person.needsAttention
        hasIndividualNumber = person.hasIndividualNumber
        nationality = person.foreign?.nationality
    }
}
