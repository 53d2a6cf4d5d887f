import CertificateIssue
import CounterCore
import Foundation
import GRDB

/// Why a KPI command could not do what it was asked: in Japanese, naming the row and the column, never a value.
public enum KPIError: UserFacingError, Equatable {
    /// The file is missing, unreadable or over its size bound.
    case unreadableFile(file: String)
    /// The header is not `month,office,kind,count`.
    case wrongHeader(file: String)
    /// A row's field fails its check.
    case invalidField(file: String, row: Int, column: String, problem: String)
    /// The file names a month, office and kind twice.
    case duplicateRow(file: String, row: Int, firstRow: Int)
    /// A month, office and kind already imported with another count (the counts are write-once).
    case conflictingCount(file: String, row: Int)
    /// Too many rows.
    case tooManyRows(file: String, maximum: Int)
    /// The rollups do not match the raw events (`counter kpi verify`).
    case rollupsDiffer(differences: Int)
    /// A terminal's KPI command was asked of the city's figures (they are recomputed by `counter city rollup`).
    case cityFigures

    public var userMessage: String {
        switch self {
        case .unreadableFile(let file): "\(file) を読めません（10 MiB までの UTF-8 の CSV にしてください）。"
        case .wrongHeader(let file): "\(file) の見出し行は month,office,kind,count にしてください。"
        case .invalidField(let file, let row, let column, let problem): "\(file) の\(row)行目の \(column): \(problem)"
        case .duplicateRow(let file, let row, let firstRow): "\(file) の\(row)行目は\(firstRow)行目と同じ月・事務所・種類です。1行にまとめてください。"
        case .conflictingCount(let file, let row):
            "\(file) の\(row)行目の月・事務所・種類は、別の件数で取り込み済みです（件数は書き換えません）。ファイルを確認してください。何も取り込んでいません。"
        case .tooManyRows(let file, let maximum): "\(file) の行が\(maximum)行を超えています。月ごとに分けてください。"
        case .rollupsDiffer(let differences):
            "集計（KPI のロールアップ）が記録と\(differences)行食い違っています。counter kpi rebuild で記録から作り直してください。"
        case .cityFigures: "市の集計は端末では変えられません。市のデータベースで counter city rollup を実行してください。"
        }
    }
}

/// The convenience-store issuances the city receives monthly (コンビニ交付, not recorded by any terminal):
/// `month,office,kind,count` rows, imported once. A row already there with the same count is skipped (importing a file
/// twice counts once); another count for it refuses the whole file.
public enum ConvenienceImport {
    /// What an import did.
    public struct Result: Sendable, Equatable {
        public var imported: Int, alreadyThere: Int
    }

    /// The most bytes and rows a file may have.
    public static let maximumBytes = 10 << 20, maximumRows = 200_000

    /// Checks every row of `data` (the file `name`), then writes the new ones in one transaction (all or nothing).
    public static func run(data: Data, name: String, offices: OfficeDirectory, kinds: Set<String>, at now: Date,
                           in db: Database) throws -> Result {
        let file: CSVFile
        do { file = try CSVFile(data: data, name: name) } catch {
            // The reader's own errors speak of the resident registry; here it is the convenience counts.
            switch error {
            case .malformedCSV(_, let row, let problem): throw KPIError.invalidField(file: name, row: row, column: "CSV", problem: problem)
            case .brokenEncoding(_, let row): throw KPIError.invalidField(file: name, row: row, column: "CSV", problem: "UTF-8 として読めません")
            default: throw KPIError.unreadableFile(file: name)
            }
        }
        guard file.header == ["month", "office", "kind", "count"] else { throw KPIError.wrongHeader(file: name) }
        guard file.rows.count <= maximumRows else { throw KPIError.tooManyRows(file: name, maximum: maximumRows) }
        var seen: [String: Int] = [:]
        var rows: [(month: String, office: String, kind: String, count: Int, line: Int)] = []
        for row in file.rows {
            let fields = row.fields
            func invalid(_ column: String, _ problem: String) -> KPIError {
                .invalidField(file: name, row: row.line, column: column, problem: problem)
            }
            let month = fields[0]
            guard month.count == 7, let first = CalendarDate(iso: month + "-01"), first.isValid else {
                throw invalid("month", "年月を YYYY-MM で書いてください")
            }
            guard offices.office(id: fields[1]) != nil else { throw invalid("office", "offices.json にない事務所です") }
            guard kinds.contains(fields[2]) else { throw invalid("kind", "証明書の種類の id（seeds/certificates.json）にしてください") }
            guard fields[3].allSatisfy(\.isASCII), let count = Int(fields[3]), (0...10_000_000).contains(count) else {
                throw invalid("count", "0〜10000000 の整数にしてください")
            }
            let key = "\(month)|\(fields[1])|\(fields[2])"
            if let first = seen[key] { throw KPIError.duplicateRow(file: name, row: row.line, firstRow: first) }
            seen[key] = row.line
            rows.append((month, fields[1], fields[2], count, row.line))
        }
        var result = Result(imported: 0, alreadyThere: 0)
        let milliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded())
        for row in rows {
            let existing = try Int.fetchOne(db, sql: "SELECT count FROM kpi_convenience WHERE month = ? AND office_id = ? AND kind = ?",
                                            arguments: [row.month, row.office, row.kind])
            switch existing {
            case row.count?: result.alreadyThere += 1
            case _?: throw KPIError.conflictingCount(file: name, row: row.line)
            case nil:
                try db.execute(sql: "INSERT INTO kpi_convenience (month, office_id, kind, count, imported_at_ms) VALUES (?, ?, ?, ?, ?)",
                               arguments: [row.month, row.office, row.kind, row.count, milliseconds])
                result.imported += 1
            }
        }
        return result
    }
}
