import CertificateIssue
import CounterCity
import CounterCore
import CounterStore
import CounterTestSupport
import Foundation

/// What the registry tests share: the seeds' tables, a fresh database with the registry's schema, the demo
/// registry and copies of it to break.
enum RegistryFixtures {
    static let variants = try! VariantTable.load(from: Fixtures.seeds)
    static let order = try! RelationshipOrder.load(from: Fixtures.seeds)
    static let keys = SearchKey(variants: variants)
    static let schema = DatabaseSchema(modules: [TerminalSchema.self, RegistrySchema.self])
    static var demoFolder: URL { Fixtures.seeds.file("demo/registry") }

    /// A fresh in-memory database with the registry's tables.
    static func database() throws -> CounterDatabase { try CounterDatabase.inMemory(schema: schema) }

    static func importer() -> RegistryImport { RegistryImport(variants: variants, order: order) }

    static func registry(_ database: CounterDatabase) -> SQLiteResidentRegistry {
        SQLiteResidentRegistry(database: database, variants: variants, order: order)
    }

    /// A database holding the demo registry.
    static func demoRegistry() throws -> SQLiteResidentRegistry {
        let database = try database()
        _ = try importer().run(folder: demoFolder, into: database)
        return registry(database)
    }

    /// A copy of the demo registry's folder, to change one file of.
    static func demoCopy() throws -> URL {
        let folder = Fixtures.temporaryFolder("registry-import")
        try FileManager.default.removeItem(at: folder)
        try FileManager.default.copyItem(at: demoFolder, to: folder)
        return folder
    }

    /// A folder holding exactly `files` (name → content).
    static func folder(_ files: [String: String]) throws -> URL {
        let folder = Fixtures.temporaryFolder("registry-files")
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        return folder
    }

    /// Replaces the line `number` (1-based) of `file` in `folder` with `line`.
    static func replaceLine(_ number: Int, of file: String, in folder: URL, with line: String) throws {
        let url = folder.appendingPathComponent(file)
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        lines[number - 1] = line
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    }

    /// Appends `line` to `file` in `folder`.
    static func append(_ line: String, to file: String, in folder: URL) throws {
        let handle = try FileHandle(forWritingTo: folder.appendingPathComponent(file))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((line + "\n").utf8))
        try handle.close()
    }

    static let personsHeader = "person_id,household_id,name,kana,birth_date,sex,address,address_since,resident_since,relationship,status"

    /// Where a registry under test lives: the terminal's SQLite (in memory) or a fresh database of the city's
    /// PostgreSQL server. The lookup suite runs on both: same lookups, same results.
    enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
        case sqlite, postgres

        var description: String { rawValue }

        /// A fresh, empty registry store.
        func freshStore() throws -> any PortableStore {
            switch self {
            case .sqlite: return SQLiteStore(database: try RegistryFixtures.database())
            case .postgres: return try PostgresStore(url: try CityTestServer.database().url())
            }
        }
    }

    /// The registry in `store`.
    static func registry(in store: some PortableStore) -> any ResidentRegistry {
        StoredResidentRegistry(store: store, variants: variants, order: order)
    }

    /// The demo registry, imported once per backend, with its store.
    static func demo(_ backend: Backend) throws -> (registry: any ResidentRegistry, store: any PortableStore) {
        let store = try backend == .sqlite ? sqliteDemoStore.get() : postgresDemoStore.get()
        return (registry(in: store), store)
    }

    private static let sqliteDemoStore = Result { () throws -> any PortableStore in try importedDemo(.sqlite) }
    private static let postgresDemoStore = Result { () throws -> any PortableStore in try importedDemo(.postgres) }

    private static func importedDemo(_ backend: Backend) throws -> any PortableStore {
        let store = try backend.freshStore()
        _ = try importer().run(folder: demoFolder, into: store)
        return store
    }
}
