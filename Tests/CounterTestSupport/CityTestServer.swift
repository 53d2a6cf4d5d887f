import CounterCity
import Foundation

/// The real PostgreSQL server `make test` starts (scripts/start-postgres.sh), and fresh databases on it, one per test.
public enum CityTestServer {
    /// The server's URLs (from var/postgres/credentials: COUNTER_CITY_URL, …_REPORT_URL, …_AUDIT_URL), after starting
    /// it if needed.
    public static let credentials: [String: String] = {
        let script = TestBinaries.repoRoot.appendingPathComponent("scripts/start-postgres.sh")
        let started = try? runProcess(URL(fileURLWithPath: "/bin/bash"), [script.path])
        // A server that did not start (its port taken by another clone's) leaves no credentials: every test fails
        // on its first connection, naming the cause here.
        if started?.status != 0 { print("start-postgres.sh failed: \(started?.stderr ?? "")") }
        let root = ProcessInfo.processInfo.environment["COUNTER_VAR"].map { URL(fileURLWithPath: $0) }
            ?? TestBinaries.repoRoot.appendingPathComponent("var")
        let text = (try? String(contentsOf: root.appendingPathComponent("postgres/credentials"), encoding: .utf8)) ?? ""
        return Dictionary(text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }, uniquingKeysWith: { first, _ in first })
    }()

    /// A database of the server made for one test.
    public struct Database: Sendable {
        /// Its name (`test_…`).
        public let name: String

        /// Its URL for the role of `key` in the credentials (the admin by default).
        public func url(_ key: String = "COUNTER_CITY_URL") -> String {
            let url = CityTestServer.credentials[key] ?? ""
            return url.hasSuffix("/counter") ? String(url.dropLast("counter".count)) + name : url
        }
    }

    /// Why a test database could not be made.
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String

        /// A failure saying `description`.
        public init(description: String) { self.description = description }
    }

    /// A fresh database of the server, migrated unless `migrated` is false.
    public static func database(migrated: Bool = true) throws -> Database {
        guard let adminURL = credentials["COUNTER_CITY_URL"] else {
            throw Unavailable(description: "no PostgreSQL credentials: scripts/start-postgres.sh did not run")
        }
        let admin = try CityConnection(url: adminURL)
        let name = "test_" + UUID().uuidString.prefix(8).lowercased()
        try admin.executeScript("CREATE DATABASE \(name) OWNER counter_admin")
        let database = Database(name: name)
        let connection = try CityConnection(url: database.url())
        try connection.executeScript("REVOKE ALL ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO counter_report, counter_audit, counter_terminal;")
        if migrated { try CitySchema.migrate(connection) }
        return database
    }
}
