import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import Testing

/// `counter clerk add` and `counter clerk unlock` on a real database file.
@Suite struct ClerkCLITests {
    let counter = TestBinaries.url("counter")

    @Test func addedClerkCanLogInAndAnAdministratorUnlocksALockedOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clerk-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("counter.sqlite").path

        let added = try runProcess(counter, ["clerk", "add", "--db", path, "--id", "c01", "--name", "窓口一郎"],
                                   stdin: "correct-horse-1\n")
        #expect(added.status == 0, "\(added.stderr)")
        let again = try runProcess(counter, ["clerk", "add", "--db", path, "--id", "c01", "--name", "窓口一郎", "--if-missing"])
        #expect(again.status == 0, "--if-missing must accept an existing clerk without asking for a password")

        // The schema of the binary that wrote the file (every module's migrations).
        let clerks = ClerkRepository(database: try CounterStorage.open(path: path), clock: SystemClock())
        #expect(try clerks.authenticate(clerkID: "c01", password: "correct-horse-1").displayName == "窓口一郎")
        for _ in 0..<ClerkRepository.maximumFailedLogins {
            #expect(throws: ClerkError.self) { try clerks.authenticate(clerkID: "c01", password: "wrong") }
        }
        #expect(throws: ClerkError.lockedOut) { try clerks.authenticate(clerkID: "c01", password: "correct-horse-1") }

        let unlocked = try runProcess(counter, ["clerk", "unlock", "--db", path, "--id", "c01"])
        #expect(unlocked.status == 0, "\(unlocked.stderr)")
        #expect(try clerks.authenticate(clerkID: "c01", password: "correct-horse-1").id == "c01")

        let unknown = try runProcess(counter, ["clerk", "unlock", "--db", path, "--id", "nobody"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("nobody"))
    }
}
