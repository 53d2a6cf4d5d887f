import ArgumentParser
import CounterCore
import DocumentPrint
import FormPreprint
import Foundation

/// `counter preprint`: prints the chosen forms for one person (書かない窓口).
///
/// The person's data comes from ``loadBasicInfo()``: a JSON file or the card; other sources plug in there.
struct PreprintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preprint",
        abstract: "基本4情報を帳票に印字する（書かない窓口）",
        discussion: """
            重ね印刷（overlay）の位置補正は --offset を省略すると、counter printer calibrate でこのプリンタ\
            （--printer のキュー名、または --out のフォルダ）に登録した値を使います。登録はデータベース（--db、\
            省略時は既定のファイルがあればそれ）から読みます。データベースがなければ補正なしで印字します。
            """
    )

    @Option(help: "帳票 id（カンマ区切りで複数）")
    var forms: String

    @Option(name: .customLong("info-json"), help: "基本4情報の JSON ファイル {\"name\",\"address\",\"birthDate\":\"YYYY-MM-DD\",\"sex\":\"1\"}")
    var infoJSON: String?

    @Flag(name: .customLong("from-card"), help: "マイナンバーカードから読み取ります（暗証番号を尋ねます）")
    var fromCard = false

    @Option(help: "使うカードリーダー名（--from-card のとき。省略時はカードが置かれた最初のリーダー）")
    var reader: String?

    @Flag(help: "暗証番号を標準入力の1行から読みます（--from-card のとき）")
    var pinStdin = false

    @OptionGroup var output: PrinterOptions

    @OptionGroup var database: DatabaseOptions

    @Option(help: "部数（各帳票）")
    var copies = 1

    @Option(help: "届出日・請求日 YYYY-MM-DD（既定: 今日）")
    var date: String?

    func validate() throws {
        guard fromCard != (infoJSON != nil) else {
            throw ValidationError("--from-card か --info-json のどちらか一方を指定してください")
        }
        try output.requireTarget()
        guard (1...99).contains(copies) else { throw ValidationError("--copies は 1〜99 で指定してください") }
    }

    func run() throws {
        let service = try PreprintService(seeds: SeedDirectory.locate())
        warnRefused(service.catalog)
        let requests = forms.split(separator: ",").map { PreprintRequest(formID: String($0).trimmingCharacters(in: .whitespaces), copies: copies) }
        // Checked before the card is read: a bad --offset or database must not cost the person a PIN entry.
        let calibration = try output.calibration(database: output.offset == nil ? try database.openIfPresent() : nil)
        var info = try loadBasicInfo()
        defer { info.wipe() }
        let target = try output.makePrinter()
        let results = service.preprint(info: info, today: try CLIDate.parse(date), requests: requests, mode: output.mode,
                                       calibration: calibration, printer: target)
        var failed = false
        for result in results {
            switch result.outcome {
            case .success(let receipt):
                if let job = receipt.jobID { print("\(result.formID)\t\(job)") }
                for path in receipt.outputPaths { print("\(result.formID)\t\(path.path)") }
            case .failure(let error):
                failed = true
                printError("\(result.formID)\t\(error.userMessage)")
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// Gets the person's four fields: from `--info-json`, or from the card (`--from-card`).
    func loadBasicInfo() throws -> BasicInfo {
        if let infoJSON { return try InfoFile.load(path: infoJSON) }
        return try readBasicInfoFromCard(reader: reader, pinFromStdin: pinStdin)
    }
}

/// The `--info-json` file: `{"name":…,"address":…,"birthDate":"YYYY-MM-DD","sex":"1","sexLabel":"男"}`.
/// `sexLabel` is informational; the code in `sex` decides.
enum InfoFile {
    private struct Contents: Decodable {
        var name: String
        var address: String
        var birthDate: CalendarDate
        var sex: Sex
    }

    /// Reads the file; errors name the file and the field, never the values.
    static func load(path: String) throws(InfoFileError) -> BasicInfo {
        do {
            let contents = try SeedDirectory.decode(Contents.self, from: URL(fileURLWithPath: path))
            return BasicInfo(name: contents.name, address: contents.address, birthDate: contents.birthDate, sex: contents.sex)
        } catch let error as SeedError {
            throw InfoFileError(file: path, field: error.field)
        } catch {
            throw InfoFileError(file: path, field: nil)
        }
    }
}

/// The `--info-json` file is missing or malformed (the message names the field, not its value).
struct InfoFileError: UserFacingError {
    /// The file given.
    var file: String
    /// The field that is missing or malformed, when known.
    var field: String?

    var userMessage: String {
        let detail = field.map { "項目 \($0) がないか、形式が違います" } ?? "読めないか JSON ではありません"
        return "基本4情報のファイル \(file) を使えません（\(detail)）。name, address, birthDate（YYYY-MM-DD）, sex（1/2/9）を確認してください。"
    }
}
