import Foundation

/// A second SQLite connection (the sqlite3 tool) holding the database's write lock.
public final class WriteLockHolder {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()

    /// Starts `sqlite3 path`, begins an IMMEDIATE transaction and returns once it holds the lock.
    public init(path: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 'locked';\n".utf8))
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("locked") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        guard String(decoding: seen, as: UTF8.self).contains("locked") else {
            throw CocoaError(.fileLocking)
        }
    }

    /// Commits and ends the connection.
    public func release() {
        input.fileHandleForWriting.write(Data("COMMIT;\n.quit\n".utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

