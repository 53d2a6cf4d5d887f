import ArgumentParser
import CounterCity
import CounterCore
import CounterKPI
import CounterService
import Foundation

/// `counter report shift|day|month|fy`: the KPI report of a shift, a day, a month or a fiscal year to a day.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "KPI の報告（シフト・日・月・年度）を表示します。",
        discussion: """
            件数・部数・金額（証明書の種類×支払方法）、キャッシュレス利用率、書かない窓口の件数と短縮時間、キオスク＋コンビニ交付の割合を、\
            計画の目標と並べて表示します。定義は docs/kpi.md にあります。CSV は UTF-8（BOM 付き）で Excel で開けます。PDF は A4 で、--out が必要です。
            """)

    @Argument(help: "期間: shift | day | month | fy")
    var period: String

    @Option(help: "日付 YYYY-MM-DD（省略時は今日）。month と fy はその日まで")
    var date: String?

    @Option(help: "シフトの id（seeds/shifts.json。shift で省略時は今の時刻のシフト）")
    var shift: String?

    @Option(help: "事務所の id（seeds/offices.json）、または all（全市。省略時も全市）")
    var office: String?

    @Option(help: "市の集計から報告します: postgres://ユーザー:パスワード@ホスト:ポート/データベース（counter city rollup の集計）")
    var source: String?

    /// The office of the scope: nil for the whole city (`all` or none).
    var scopeOffice: String? { office == "all" ? nil : office }

    @Option(help: "端末 ID（省略時はすべての端末）")
    var terminal: String?

    @OptionGroup var output: ReportOutput

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard ReportScope.Period(rawValue: period) != nil else {
            throw ValidationError("期間は shift、day、month、fy のいずれかで指定してください")
        }
        _ = try parseDay(date, option: "--date")
        if let office { try requireIdentifier(office, option: "--office") }
        if let source, !CityConnection.isCityURL(source) {
            throw ValidationError(CityError.invalidURL.userMessage.replacingOccurrences(of: "--city", with: "--source"))
        }
        if source != nil, database.path != nil { throw ValidationError("--source と --db は同時に指定できません") }
        if let terminal { try requireIdentifier(terminal, option: "--terminal") }
        if let shift { try requireIdentifier(shift, option: "--shift") }
        if shift != nil, period != "shift" { throw ValidationError("--shift は期間 shift のときだけ指定できます") }
    }

    func run() throws {
        let seeds = try SeedDirectory.locate()
        // The options are checked against the seeds before the database is opened.
        if let office = scopeOffice, try OfficeDirectory(seeds: seeds).office(id: office) == nil {
            printError("--office の事務所は seeds/offices.json にありません。counter report の --office には事務所の id を指定してください。")
            throw ExitCode(64)
        }
        if let shift, !(try Shift.load(seeds: seeds)).contains(where: { $0.id == shift }) {
            printError("--shift のシフトは seeds/shifts.json にありません。")
            throw ExitCode(64)
        }
        // A report reads records: a mistyped --db is an error, never an empty report (nor a new database).
        let desk: KPIDesk
        if let source {
            // The city's figures, as of its last rollup.
            let city = try CityConnection(url: source)
            try CitySchema.requireCurrent(city)
            guard let refreshed = try CityRollup.lastRefresh(city) else {
                printError("市の集計がまだありません。市のデータベースで counter city rollup を実行してください。")
                throw ExitCode(1)
            }
            printError("市の集計（\(refreshed) 時点、counter city rollup）から報告します。")
            desk = try KPIDesk(reports: try PostgresStore(url: source), seeds: seeds)
        } else {
            desk = try KPIDesk(database: try CounterStorage.open(path: try database.existingPath()), seeds: seeds)
        }
        let now = SystemClock().now()
        let day = try parseDay(date, option: "--date") ?? CalendarDate.inJapan(at: now)
        if let terminal, desk.context.terminals.kind(of: terminal) == nil {
            printError("注意: 端末 \(terminal) は seeds/terminals.json にありません（事務所の集計には入りません）。")
        }
        var chosenShift: Shift?
        if period == "shift" {
            if let shift {
                chosenShift = desk.shifts.first { $0.id == shift }
            } else {
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = .japan
                let parts = calendar.dateComponents([.hour, .minute], from: now)
                guard let current = desk.shift(at: (parts.hour ?? 0) * 60 + (parts.minute ?? 0)) else {
                    printError("今はどのシフトの時間でもありません。--shift でシフトの id を指定してください。")
                    throw ExitCode(64)
                }
                chosenShift = current
            }
        }
        let scope = ReportScope(period: ReportScope.Period(rawValue: period) ?? .day, day: day, shift: chosenShift, office: scopeOffice,
                                terminal: terminal)
        let report = try desk.report(scope)
        try output.write(text: { KPIReportFormat.text(report) }, csv: { KPIReportFormat.csv(report) },
                         json: { try KPIReportFormat.json(report) }, pdf: { try KPIReportPDF.render(report) }, name: "報告")
    }
}

/// `counter kpi`: the rollups checked against the raw events, rebuilt, and the convenience-store counts imported.
struct KPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "KPI の集計を確かめ、作り直し、コンビニ交付の件数を取り込みます。",
        subcommands: [KPIVerifyCommand.self, KPIRebuildCommand.self, KPIImportConvenienceCommand.self])
}

/// `counter kpi verify`: recomputes the rollups from the raw events and compares (exit 1 when they differ).
struct KPIVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "集計を記録から計算し直して照合します（違えば終了コード 1）。")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let desk = try KPIDesk(database: try CounterStorage.open(path: try database.existingPath()), seeds: try SeedDirectory.locate())
        let progress = ProgressBar(title: "照合", total: 1)
        let verification = try desk.verify()
        progress.finish()
        guard verification.holds else {
            printError(KPIError.rollupsDiffer(differences: verification.differences).userMessage)
            throw ExitCode(1)
        }
        printOut("集計は記録と一致しています（日別 \(verification.dayRows) 行）。")
    }
}

/// `counter kpi rebuild`: recomputes every rollup from the raw events.
struct KPIRebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rebuild", abstract: "集計を記録から作り直します。")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let desk = try KPIDesk(database: try CounterStorage.open(path: try database.existingPath()), seeds: try SeedDirectory.locate())
        let progress = ProgressBar(title: "作り直し", total: 1)
        try desk.rebuild()
        progress.finish()
        printOut("集計を記録から作り直しました。")
    }
}

/// `counter kpi import-convenience FILE.csv`: the month's convenience-store issuances per office and kind.
struct KPIImportConvenienceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-convenience",
        abstract: "コンビニ交付の件数（month,office,kind,count の CSV）を取り込みます。同じ行は二度数えません。")

    @Argument(help: "CSV ファイル（UTF-8、見出し行 month,office,kind,count、10 MiB まで）")
    var file: String

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let url = URL(fileURLWithPath: file)
        let name = url.lastPathComponent
        let data: Data
        do { data = try BoundedFile.read(url, maximumBytes: ConvenienceImport.maximumBytes) } catch {
            throw KPIError.unreadableFile(file: TerminalText.safe(name))
        }
        let desk = try KPIDesk(database: try CounterStorage.open(path: try database.existingPath()), seeds: try SeedDirectory.locate())
        let result = try desk.importConvenience(data, name: TerminalText.safe(name), at: SystemClock().now())
        printOut("取り込みました: 新しい行 \(result.imported)、取り込み済みの行 \(result.alreadyThere)。")
    }
}
