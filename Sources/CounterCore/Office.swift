import Foundation

/// One office of the city where terminals stand (a ward office, later the city tax offices).
public struct Office: Sendable, Equatable, Codable {
    /// What kind of office it is.
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// 区役所.
        case ward
        /// 市税事務所 (its cashless target is the tax offices').
        case taxOffice
        /// サービスカウンター (梅田・難波・天王寺: certificates only).
        case serviceCounter

        /// Its name in reports.
        public var label: String {
            switch self {
            case .ward: "区役所"
            case .taxOffice: "市税事務所"
            case .serviceCounter: "サービスカウンター"
            }
        }

        /// Decodes the case named in `offices.json`; another name is refused listing the names allowed.
        public init(from decoder: any Decoder) throws {
            try self.init(namedCaseFrom: decoder)
        }
    }

    /// Stable id (lowercase ASCII letters), as `--office` takes it.
    public let id: String
    /// The kind of office.
    public let type: Kind
    /// The office's name, e.g. 北区役所.
    public let name: String
    /// The ward it serves, e.g. 北区 (printed on the forms as the ward name).
    public let ward: String

    /// Creates an office.
    public init(id: String, type: Kind, name: String, ward: String) {
        self.id = id
        self.type = type
        self.name = name
        self.ward = ward
    }
}

/// The city's offices, loaded from `seeds/offices.json` and checked on load.
public struct OfficeDirectory: Sendable, Equatable {
    /// The city's name, e.g. 大阪市 (forms are addressed to its mayor).
    public let city: String
    /// Every office, in the file's order.
    public let offices: [Office]

    private struct File: Decodable {
        var city: String
        var offices: [Office]
    }

    /// Loads and checks `offices.json` from the seeds: ids unique and well formed, names non-empty.
    public init(seeds: SeedDirectory) throws {
        let url = seeds.file("offices.json")
        let file = try SeedDirectory.decode(File.self, from: url)
        try self.init(city: file.city, offices: file.offices, file: url.path)
    }

    /// Checks and keeps the given offices; `file` names the source in errors.
    public init(city: String, offices: [Office], file: String = "offices.json") throws {
        guard !city.isEmpty, TextSafety.forbidden(in: city) == nil else {
            throw SeedError(file: file, field: "city", problem: "市の名前がありません（または使えない文字があります）")
        }
        var seen = Set<String>()
        for (index, office) in offices.enumerated() {
            let entry = "offices[\(index)]"
            guard RecordIdentifier.isValid(office.id), office.id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) else {
                throw SeedError(file: file, entry: entry, field: "id", problem: "id は英小文字・数字・「-」で付けてください")
            }
            guard seen.insert(office.id).inserted else {
                throw SeedError(file: file, entry: entry, field: "id", problem: "同じ id の事務所がほかにもあります")
            }
            for (field, text) in [("name", office.name), ("ward", office.ward)]
            where text.isEmpty || text.count > 32 || TextSafety.forbidden(in: text) != nil {
                throw SeedError(file: file, entry: entry, field: field, problem: "空、長すぎる（32文字まで）、または使えない文字があります")
            }
        }
        self.city = city
        self.offices = offices
    }

    /// The office with this id, or nil.
    public func office(id: String) -> Office? {
        offices.first { $0.id == id }
    }
}
