import CounterCore
import Foundation

/// Runs the built `counter` binary with the repository's seeds (or `seeds`) and a data folder of its own
/// (`XDG_DATA_HOME`), so the default database is never the tester's.
public enum CounterCLI {
    /// Runs `counter arguments…` to completion.
    public static func run(_ arguments: [String], stdin: String? = nil, seeds: URL = Fixtures.seeds.url,
                           environment extra: [String: String] = [:]) throws -> ProcessResult {
        let data = Fixtures.temporaryFolder("cli-data")
        defer { try? FileManager.default.removeItem(at: data) }
        var environment = ProcessInfo.processInfo.environment.merging(["COUNTER_SEEDS": seeds.path, "XDG_DATA_HOME": data.path]) { $1 }
        environment.merge(extra) { $1 }
        return try runProcess(TestBinaries.url("counter"), arguments, stdin: stdin, environment: environment)
    }
}
