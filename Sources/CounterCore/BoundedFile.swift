import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a whole file only if it is a regular file no larger than a bound: a device, a FIFO or a
/// 2 GB file given as input is refused before any of it is held in memory.
public enum BoundedFile {
    /// Why a file was not read.
    public enum Refusal: Error, Sendable, Equatable {
        /// It does not exist or cannot be opened.
        case unreadable
        /// It is a folder, a device, a FIFO or a socket.
        case notARegularFile
        /// It holds more than the bound.
        case tooLarge(maximumBytes: Int)
    }

    /// The bytes of the regular file at `url`, at most `maximumBytes` of them.
    public static func read(_ url: URL, maximumBytes: Int) throws(Refusal) -> Data {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else { throw .unreadable }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .notARegularFile }
        guard status.st_size <= maximumBytes else { throw .tooLarge(maximumBytes: maximumBytes) }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = Glibc.read(descriptor, &chunk, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable
            }
            if count == 0 { break }
            data.append(contentsOf: chunk[0..<count])
            // The file may grow while it is read: the bound holds on what is read, not on what stat said.
            guard data.count <= maximumBytes else { throw .tooLarge(maximumBytes: maximumBytes) }
        }
        return data
    }
}
