import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An installation's public seal key: all a verifier needs.
public struct SealPublicKey: Sendable {
    /// The Ed25519 public key.
    public let key: Curve25519.Signing.PublicKey

    /// A public key from its 32 raw bytes (nil for another length).
    public init?(raw: [UInt8]) {
        guard raw.count == 32, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return nil }
        self.key = key
    }

    init(_ key: Curve25519.Signing.PublicKey) {
        self.key = key
    }

    /// The 32 raw bytes.
    public var raw: [UInt8] { Array(key.rawRepresentation) }

    /// The raw bytes in standard base64 (the public key file's content, without the newline).
    public var base64: String { Data(raw).base64EncodedString() }

    /// The first 8 bytes of SHA-256 over the raw key: carried in every code, so a code of another
    /// installation is told apart from a changed one.
    public var fingerprint: [UInt8] { Array(SHA256.hash(data: raw).prefix(SealLimits.fingerprintBytes)) }

    /// The fingerprint for people: 16 hex digits in groups of four (`1a2b-3c4d-5e6f-7081`).
    public var fingerprintText: String { Self.fingerprintText(fingerprint) }

    /// `bytes` as 16 hex digits in groups of four.
    public static func fingerprintText(_ bytes: [UInt8]) -> String {
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        return stride(from: 0, to: hex.count, by: 4).map { start in
            let from = hex.index(hex.startIndex, offsetBy: start)
            return String(hex[from..<hex.index(from, offsetBy: min(4, hex.count - start))])
        }.joined(separator: "-")
    }

    /// Reads a public key file: one line of standard base64 of the 32 raw bytes.
    ///
    /// The file may be readable by anyone (it is public); it must be a regular file of at most 256 bytes.
    public static func load(file: URL) throws(SealKeyError) -> SealPublicKey {
        let bytes = try KeyFile.read(file, maximumBytes: 256, privateKey: false)
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: text), let key = SealPublicKey(raw: Array(raw)) else {
            throw .badContent(path: file.path)
        }
        return key
    }
}

/// An installation's seal key pair (Ed25519): signs the verification codes of its certificates.
///
/// Kept outside the database in a folder of its own (``defaultFolder(environment:)``, mode 0700):
/// `seal-ed25519.key` (the 32 raw private-key bytes, mode 0600) and `seal-ed25519.pub` (base64, 0644).
public struct SealKey: Sendable {
    /// The private key file's name in the key folder.
    public static let privateFileName = "seal-ed25519.key"
    /// The public key file's name in the key folder.
    public static let publicFileName = "seal-ed25519.pub"

    let privateKey: Curve25519.Signing.PrivateKey

    /// The public half.
    public var publicKey: SealPublicKey { SealPublicKey(privateKey.publicKey) }

    /// A fresh random key pair (held in memory only).
    public static func generate() -> SealKey {
        SealKey(privateKey: Curve25519.Signing.PrivateKey())
    }

    /// A key pair from the 32 raw private-key bytes (nil for another length), e.g. a test's fixed key.
    public init?(raw: [UInt8]) {
        guard raw.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else { return nil }
        privateKey = key
    }

    init(privateKey: Curve25519.Signing.PrivateKey) {
        self.privateKey = privateKey
    }

    /// The Ed25519 signature of `message` (64 bytes).
    func sign(_ message: [UInt8]) throws -> [UInt8] {
        Array(try privateKey.signature(for: message))
    }

    /// The installation's key folder: `$XDG_DATA_HOME/counter/keys` (or `~/.local/share/counter/keys`),
    /// beside the default database's folder but never inside the database.
    public static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            base = xdg
        } else {
            base = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        }
        return URL(fileURLWithPath: base + "/counter/keys", isDirectory: true)
    }

    /// Makes the installation's key pair in `folder` (created, or set, to mode 0700).
    ///
    /// Refuses with ``SealKeyError/alreadyExists(path:)`` when either key file is there: an
    /// installation's key is never replaced by accident. Both files are written with O_EXCL and fsync'd.
    public static func create(in folder: URL) throws(SealKeyError) -> SealKey {
        let privateURL = folder.appendingPathComponent(privateFileName)
        let publicURL = folder.appendingPathComponent(publicFileName)
        for url in [privateURL, publicURL] {
            var info = stat()
            if lstat(url.path, &info) == 0 { throw .alreadyExists(path: url.path) }
        }
        try KeyFile.makeFolder(folder)
        let key = generate()
        try KeyFile.writeNew(privateURL, bytes: Array(key.privateKey.rawRepresentation), mode: 0o600)
        try KeyFile.writeNew(publicURL, bytes: Array((key.publicKey.base64 + "\n").utf8), mode: 0o644)
        KeyFile.syncFolder(folder)
        return key
    }

    /// Reads the key pair in `folder`, refusing a private key file that the group or others may read
    /// or write, that is not a regular file of this user, or that is not exactly 32 bytes (the message
    /// names the file, never a key byte); the folder must not be open to the group or others either.
    public static func load(from folder: URL) throws(SealKeyError) -> SealKey {
        let url = folder.appendingPathComponent(privateFileName)
        var info = stat()
        guard lstat(folder.path, &info) == 0 else {
            throw errno == ENOENT ? .missing(path: url.path) : .io(path: folder.path, errno: errno)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .notRegularFile(path: folder.path) }
        guard info.st_mode & 0o077 == 0 else { throw .permissions(path: folder.path, mode: UInt16(info.st_mode & 0o7777)) }
        var raw = try KeyFile.read(url, maximumBytes: 32, privateKey: true)
        defer { for index in raw.indices { raw[index] = 0 } }
        guard raw.count == 32, let key = SealKey(raw: raw) else { throw .badContent(path: url.path) }
        return key
    }
}

/// The file operations of the key folder (POSIX, so modes and O_EXCL/O_NOFOLLOW are exact).
enum KeyFile {
    /// Reads a regular file (no symbolic link) of at most `maximumBytes`; a private key must belong to
    /// this user and give the group and others nothing.
    static func read(_ url: URL, maximumBytes: Int, privateKey: Bool) throws(SealKeyError) -> [UInt8] {
        let path = url.path
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            switch errno {
            case ENOENT: throw .missing(path: path)
            case ELOOP: throw .notRegularFile(path: path)
            default: throw .io(path: path, errno: errno)
            }
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, errno: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notRegularFile(path: path) }
        if privateKey {
            guard info.st_uid == geteuid() else { throw .wrongOwner(path: path) }
            guard info.st_mode & 0o077 == 0 else { throw .permissions(path: path, mode: UInt16(info.st_mode & 0o7777)) }
        }
        guard info.st_size <= maximumBytes else { throw .badContent(path: path) }
        var bytes = [UInt8](repeating: 0, count: maximumBytes + 1)
        var total = 0
        while total < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(fd, buffer.baseAddress! + total, buffer.count - total)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, errno: errno)
            }
            if count == 0 { break }
            total += count
        }
        guard total <= maximumBytes else { throw .badContent(path: path) }
        return Array(bytes[0..<total])
    }

    /// Creates `folder` (and its parents) and sets it to 0700.
    static func makeFolder(_ folder: URL) throws(SealKeyError) {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .io(path: folder.path, errno: EACCES)
        }
        var info = stat()
        guard lstat(folder.path, &info) == 0 else { throw .io(path: folder.path, errno: errno) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .notRegularFile(path: folder.path) }
        guard info.st_uid == geteuid() else { throw .wrongOwner(path: folder.path) }
        guard chmod(folder.path, 0o700) == 0 else { throw .io(path: folder.path, errno: errno) }
    }

    /// Writes a new file (O_EXCL: never over an existing one) with `mode`, fsync'd.
    static func writeNew(_ url: URL, bytes: [UInt8], mode: mode_t) throws(SealKeyError) {
        let path = url.path
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw errno == EEXIST ? .alreadyExists(path: path) : .io(path: path, errno: errno)
        }
        defer { close(fd) }
        guard fchmod(fd, mode) == 0 else { throw .io(path: path, errno: errno) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, errno: errno)
            }
            written += count
        }
        guard fsync(fd) == 0 else { throw .io(path: path, errno: errno) }
    }

    /// fsyncs a folder so the names of new files in it survive a power loss.
    static func syncFolder(_ folder: URL) {
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
