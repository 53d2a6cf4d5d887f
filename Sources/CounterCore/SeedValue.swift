/// A value in a seed or input file that decodes but is not allowed, said in Japanese: thrown as the
/// underlying error of a `DecodingError.dataCorrupted`, so the decoder keeps the field's coding path and
/// ``SeedError`` shows this problem (the decoder's own English texts are never shown).
public struct SeedValueProblem: Error, Sendable, Equatable {
    /// What is wrong and what to do, in Japanese, without the value found.
    public var problem: String

    /// Creates a problem.
    public init(_ problem: String) {
        self.problem = problem
    }
}

extension DecodingError {
    /// A data-corrupted error at `codingPath` that ``SeedError`` reports with `problem` (Japanese, no value).
    public static func seedValue(_ problem: String, at codingPath: [any CodingKey]) -> DecodingError {
        .dataCorrupted(Context(codingPath: codingPath, debugDescription: problem, underlyingError: SeedValueProblem(problem)))
    }
}

extension RawRepresentable where Self: CaseIterable, RawValue == String {
    /// Decodes a case from its name (the `init(from:)` of every enum in a seed file); another name is a
    /// ``SeedValueProblem`` listing the names allowed, never the one found.
    public init(namedCaseFrom decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw DecodingError.seedValue(Self.allowedNames, at: container.codingPath)
        }
        self = value
    }

    /// "A4, A3, B4, B5 のいずれかにしてください": the names a seed file may use.
    public static var allowedNames: String {
        "\(allCases.map(\.rawValue).joined(separator: ", ")) のいずれかにしてください"
    }
}
