import Foundation

/// A seed file that could not be used, naming the file, the entry and the field.
public struct SeedError: UserFacingError, Equatable {
    /// The file that failed, as given to the loader.
    public var file: String
    /// The entry inside the file (an id or an index such as `eras[2]`), if known.
    public var entry: String?
    /// The field inside the entry, if known.
    public var field: String?
    /// What is wrong, in Japanese.
    public var problem: String

    /// Creates an error for a file, entry and field.
    public init(file: String, entry: String? = nil, field: String? = nil, problem: String) {
        self.file = file
        self.entry = entry
        self.field = field
        self.problem = problem
    }

    /// The Japanese message for the user: what happened and what to do.
    public var userMessage: String {
        var location = file
        if let entry { location += " の \(entry)" }
        if let field { location += " の項目 \(field)" }
        return "設定ファイルに誤りがあります: \(location): \(problem)"
    }
}

/// Where the seed data (`seeds/`) lives and how to read a JSON file from it.
public struct SeedDirectory: Sendable {
    /// The folder that holds `eras.json`, `forms/`, `demo/`.
    public let url: URL

    /// Uses the given folder.
    public init(url: URL) {
        self.url = url
    }

    /// Finds the seeds: `$COUNTER_SEEDS`, else a `seeds` folder beside or above the running
    /// executable, else one above the current directory.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SeedDirectory {
        if let configured = environment["COUNTER_SEEDS"], !configured.isEmpty {
            return SeedDirectory(url: URL(fileURLWithPath: configured, isDirectory: true))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        let starts = [executable.deletingLastPathComponent(),
                      URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)]
        for start in starts {
            var folder = start.standardizedFileURL
            while true {
                let candidate = folder.appendingPathComponent("seeds", isDirectory: true)
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("eras.json").path) {
                    return SeedDirectory(url: candidate)
                }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        throw SeedError(file: "seeds/", problem: "seeds フォルダが見つかりません。COUNTER_SEEDS で場所を指定してください。")
    }

    /// The URL of a file inside the seeds folder.
    public func file(_ relativePath: String) -> URL {
        url.appendingPathComponent(relativePath)
    }

    /// Decodes a JSON seed file, turning decoding failures into a ``SeedError`` naming the field.
    public static func decode<T: Decodable>(_ type: T.Type, from fileURL: URL,
                                            maximumBytes: Int = SeedDirectory.maximumFileBytes) throws -> T {
        let data: Data
        do {
            data = try BoundedFile.read(fileURL, maximumBytes: maximumBytes)
        } catch .tooLarge(let maximum) {
            throw SeedError(file: fileURL.path, problem: "ファイルが大きすぎます（\(maximum / 1024) KiB まで）")
        } catch .notARegularFile {
            throw SeedError(file: fileURL.path, problem: "通常のファイルではありません")
        } catch {
            throw SeedError(file: fileURL.path, problem: "ファイルを読めません")
        }
        return try decode(type, from: data, named: fileURL.path)
    }

    /// The largest seed file read (forms, eras, catalogs are far smaller).
    public static let maximumFileBytes = 1 << 20

    /// Decodes JSON seed data already in memory; `name` is used in error messages.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, named name: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw SeedError(decoding: error, file: name)
        }
    }
}

extension SeedError {
    /// Translates a `DecodingError` into the entry/field vocabulary of seed files.
    ///
    /// The offending value is never copied into the message (it may be personal data such as a birth
    /// date): only the decoder's description of the problem is.
    init(decoding error: DecodingError, file: String) {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }
                .joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.init(file: file, entry: path(context.codingPath), field: key.stringValue, problem: "必須の項目がありません")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            self.init(file: file, entry: path(context.codingPath.dropLast()), field: context.codingPath.last?.stringValue,
                      problem: "値の型が違います（\(context.debugDescription)）")
        case .dataCorrupted(let context):
            let problem = context.codingPath.isEmpty ? "JSON として読めません" : context.debugDescription
            self.init(file: file, entry: path(context.codingPath.dropLast()), field: context.codingPath.last?.stringValue,
                      problem: problem)
        @unknown default:
            self.init(file: file, problem: "読み取れない値があります")
        }
    }
}
