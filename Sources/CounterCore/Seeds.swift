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
    /// Translates a `DecodingError` into the entry/field vocabulary of seed files, in Japanese.
    ///
    /// The offending value is never copied into the message (it may be personal data such as a birth
    /// date), nor the decoder's own description (English, with Swift type names): the problem is a
    /// ``SeedValueProblem`` the value's type threw, or said here from the kind of error.
    init(decoding error: DecodingError, file: String) {
        switch error {
        case .keyNotFound(let key, let context):
            self.init(file: file, at: context.codingPath + [key], problem: "必須の項目がありません。追加してください")
        case .valueNotFound(let type, let context):
            self.init(file: file, at: context.codingPath, problem: "値がありません。\(Self.expected(type))を指定してください")
        case .typeMismatch(let type, let context):
            self.init(file: file, at: context.codingPath, problem: "値の種類が違います。\(Self.expected(type))にしてください")
        case .dataCorrupted(let context):
            if let problem = context.underlyingError as? SeedValueProblem {
                self.init(file: file, at: context.codingPath, problem: problem.problem)
            } else if context.codingPath.isEmpty {
                self.init(file: file, problem: "JSON として読めません。括弧・カンマ・引用符の対応を確認してください")
            } else {
                self.init(file: file, at: context.codingPath, problem: "値が正しくありません。形と範囲を確認してください")
            }
        @unknown default:
            self.init(file: file, problem: "読み取れない値があります")
        }
    }

    /// An error at `codingPath`: the entry is the path up to its first array element (`fields[3]`),
    /// the field the rest (`box.x`); without an array element, the whole path is the field (`paper.size`).
    private init(file: String, at codingPath: [any CodingKey], problem: String) {
        let parts = codingPath.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
        func joined(_ parts: ArraySlice<String>) -> String? {
            parts.isEmpty ? nil : parts.reduce("") { path, part in
                path.isEmpty || part.hasPrefix("[") ? path + part : path + "." + part
            }
        }
        guard let element = parts.firstIndex(where: { $0.hasPrefix("[") }) else {
            self.init(file: file, field: joined(parts[...]), problem: problem)
            return
        }
        self.init(file: file, entry: joined(parts[...element]), field: joined(parts[(element + 1)...]), problem: problem)
    }

    /// What a value of `type` looks like in JSON, for a clerk editing a seed file.
    private static func expected(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "文字列（\"…\"）"
        case is Bool.Type: return "true か false"
        case is any BinaryInteger.Type: return "整数"
        case is any BinaryFloatingPoint.Type: return "数値"
        case is [Any].Type: return "配列（[…]）"
        default: return "オブジェクト（{…}）"
        }
    }
}
