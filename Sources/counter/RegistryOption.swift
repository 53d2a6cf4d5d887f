import ArgumentParser
import CertificateIssue
import CounterCity
import CounterCore
import CounterStore

/// `--registry postgres://…`: the city's resident registry on PostgreSQL, so a terminal serves every resident of
/// the city; without it, the registry in the terminal's own SQLite database (the embedded default).
struct RegistryOption: ParsableArguments {
    @Option(name: .customLong("registry"),
            help: "市の住民データ（postgres://ユーザー:パスワード@ホスト:ポート/データベース。省略時は端末のデータベース）")
    var url: String?

    func validate() throws {
        if let url, !CityConnection.isCityURL(url) {
            throw ValidationError(CityError.invalidURL.userMessage.replacingOccurrences(of: "--city", with: "--registry"))
        }
    }

    /// The store the registry lives in: the city's PostgreSQL (`--registry`), else `database`.
    func store(database: @autoclosure () throws -> CounterDatabase) throws -> any PortableStore {
        guard let url else { return SQLiteStore(database: try database()) }
        return try PostgresStore(url: url)
    }

    /// The registry the terminal serves: the city's (`--registry`), else the one in `database`.
    func registry(database: @autoclosure () throws -> CounterDatabase, seeds: SeedDirectory) throws -> any ResidentRegistry {
        try Self.registry(in: store(database: try database()), seeds: seeds)
    }

    /// The registry in `store`.
    static func registry(in store: some PortableStore, seeds: SeedDirectory) throws -> any ResidentRegistry {
        try StoredResidentRegistry(store: store, seeds: seeds)
    }
}
