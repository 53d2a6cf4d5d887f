import Crypto
import _CryptoExtras
import Foundation

/// A salted password hash with its parameters: PBKDF2-HMAC-SHA256, 16-byte random salt.
///
/// The password itself is never stored; verification re-derives and compares in constant time.
public struct PasswordHash: Sendable, Equatable {
    /// The KDF name stored with the hash.
    public static let pbkdf2SHA256 = "pbkdf2-sha256"
    /// Iterations for new hashes (the OWASP minimum for PBKDF2-HMAC-SHA256).
    public static let defaultIterations = 210_000
    /// The shortest accepted password.
    public static let minimumLength = 8

    /// KDF identifier (``pbkdf2SHA256``).
    public var kdf: String
    /// PBKDF2 iteration count.
    public var iterations: Int
    /// Random salt.
    public var salt: Data
    /// Derived key (32 bytes).
    public var hash: Data

    /// Stores already derived parameters (as read from the database).
    public init(kdf: String, iterations: Int, salt: Data, hash: Data) {
        self.kdf = kdf
        self.iterations = iterations
        self.salt = salt
        self.hash = hash
    }

    /// Derives a new hash for `password` with a fresh random salt.
    public static func make(password: String, iterations: Int = defaultIterations) throws -> PasswordHash {
        var generator = SystemRandomNumberGenerator()
        let salt = Data((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let hash = try derive(password: password, salt: salt, iterations: iterations)
        return PasswordHash(kdf: pbkdf2SHA256, iterations: iterations, salt: salt, hash: hash)
    }

    /// True when `password` derives to the stored hash (constant-time comparison).
    public func verify(password: String) throws -> Bool {
        guard kdf == PasswordHash.pbkdf2SHA256 else { return false }
        let candidate = try PasswordHash.derive(password: password, salt: salt, iterations: iterations)
        return PasswordHash.constantTimeEqual(candidate, hash)
    }

    /// Compares two byte strings without an early exit.
    static func constantTimeEqual(_ lhs: Data, _ rhs: Data) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
        return difference == 0
    }

    private static func derive(password: String, salt: Data, iterations: Int) throws -> Data {
        do {
            let key = try KDF.Insecure.PBKDF2.deriveKey(
                from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32, rounds: iterations)
            return key.withUnsafeBytes { Data($0) }
        } catch {
            throw ClerkError.hashingFailed
        }
    }
}
