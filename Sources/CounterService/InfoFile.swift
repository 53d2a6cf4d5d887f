import CounterCore
import Foundation

/// The `--info-json` file: `{"name":…,"address":…,"birthDate":"YYYY-MM-DD","sex":"1","sexLabel":"男"}`,
/// the shape `counter card read --json` prints, with an optional `"furigana"` (full-width katakana).
/// `sexLabel` is informational; the code in `sex` decides.
/// The file is read with a bound (``maximumBytes``); the values are checked by the case's one input
/// check when captured.
public enum InfoFile {
    /// The largest file read: four fields need a few hundred bytes.
    public static let maximumBytes = 64 * 1024

    /// What the file holds: the four fields and フリガナ (empty when the file has none).
    public struct Record: Sendable, Equatable {
        /// The four fields, not yet checked.
        public var info: BasicInfo
        /// フリガナ as written in the file, not yet checked; "" when absent.
        public var furigana: String

        /// Creates a record.
        public init(info: BasicInfo, furigana: String) {
            self.info = info
            self.furigana = furigana
        }
    }

    private struct Contents: Decodable {
        var name: String
        var address: String
        var birthDate: CalendarDate
        var sex: Sex
        var furigana: String?
    }

    /// Reads the file at `path`; errors name the file and the field, never the values.
    public static func load(path: String) throws(InfoFileError) -> Record {
        let data: Data
        do {
            data = try BoundedFile.read(URL(fileURLWithPath: path), maximumBytes: maximumBytes)
        } catch .tooLarge {
            throw InfoFileError(file: path, problem: .tooLarge)
        } catch .notARegularFile {
            throw InfoFileError(file: path, problem: .notARegularFile)
        } catch {
            throw InfoFileError(file: path, problem: .unreadable)
        }
        return try decode(data, named: path)
    }

    /// Decodes the file's bytes (the fuzz target of the reader).
    public static func decode(_ data: Data, named name: String) throws(InfoFileError) -> Record {
        do {
            let contents = try SeedDirectory.decode(Contents.self, from: data, named: name)
            let info = BasicInfo(name: contents.name, address: contents.address, birthDate: contents.birthDate,
                                 sex: contents.sex)
            return Record(info: info, furigana: contents.furigana ?? "")
        } catch let error as SeedError {
            throw InfoFileError(file: name, problem: error.field.map(InfoFileError.Problem.field) ?? .notJSON)
        } catch {
            throw InfoFileError(file: name, problem: .notJSON)
        }
    }
}

/// The `--info-json` file cannot be used (the message names the file and the field, never a value).
public struct InfoFileError: UserFacingError, Equatable {
    /// What is wrong with the file.
    public enum Problem: Sendable, Equatable {
        /// Missing, or no permission to read.
        case unreadable
        /// A folder, a device, a FIFO.
        case notARegularFile
        /// Larger than ``InfoFile/maximumBytes``.
        case tooLarge
        /// Not JSON, or not an object.
        case notJSON
        /// This field is missing or has the wrong form.
        case field(String)
    }

    /// The file given.
    public var file: String
    /// What is wrong.
    public var problem: Problem

    /// Creates the error.
    public init(file: String, problem: Problem) {
        self.file = file
        self.problem = problem
    }

    public var userMessage: String {
        let detail: String
        switch problem {
        case .unreadable: detail = "読めません。ファイル名と読み取り権限を確認してください"
        case .notARegularFile: detail = "通常のファイルではありません"
        case .tooLarge: detail = "大きすぎます（\(InfoFile.maximumBytes / 1024) KiB まで）"
        case .notJSON: detail = "JSON のオブジェクトではありません"
        case .field(let field): detail = "項目 \(TextSafety.terminalSafe(field)) がないか、形式が違います"
        }
        return "基本4情報のファイル \(TextSafety.terminalSafe(file)) を使えません（\(detail)）。"
            + "name, address, birthDate（YYYY-MM-DD）, sex（1/2/9）を確認してください。"
    }
}

extension InfoFileError: EventErrorKind {
    /// `infoFile.<problem>`, stable for event records.
    public var eventErrorKind: String {
        switch problem {
        case .unreadable: return "infoFile.unreadable"
        case .notARegularFile: return "infoFile.notARegularFile"
        case .tooLarge: return "infoFile.tooLarge"
        case .notJSON: return "infoFile.notJSON"
        case .field: return "infoFile.field"
        }
    }
}
