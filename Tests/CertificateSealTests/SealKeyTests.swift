@testable import CertificateSeal
import CounterTestSupport
import Foundation
import Testing

/// The installation's key files: modes 0600/0700, never overwritten, refused when open to others or of the wrong size.
@Suite("Seal key files")
struct SealKeyTests {
    let folder = Fixtures.temporaryFolder("seal-keys").appendingPathComponent("keys")

    private func mode(_ url: URL) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
    }

    @Test("create: folder 0700, private key 0600 (32 bytes), public key base64; load gives the same key")
    func create() throws {
        let key = try SealKey.create(in: folder)
        #expect(try mode(folder) == 0o700)
        let privateURL = folder.appendingPathComponent(SealKey.privateFileName)
        let publicURL = folder.appendingPathComponent(SealKey.publicFileName)
        #expect(try mode(privateURL) == 0o600)
        #expect(try mode(publicURL) == 0o644)
        #expect(try Data(contentsOf: privateURL).count == 32)
        #expect(try String(contentsOf: publicURL, encoding: .utf8) == key.publicKey.base64 + "\n")
        #expect(try SealKey.load(from: folder).publicKey.raw == key.publicKey.raw)
        #expect(try SealPublicKey.load(file: publicURL).raw == key.publicKey.raw)
    }

    @Test("create refuses to overwrite either key file, and leaves them as they were")
    func refusesOverwrite() throws {
        let key = try SealKey.create(in: folder)
        let privateURL = folder.appendingPathComponent(SealKey.privateFileName)
        let before = try Data(contentsOf: privateURL)
        #expect(throws: SealKeyError.alreadyExists(path: privateURL.path)) { try SealKey.create(in: folder) }
        #expect(try Data(contentsOf: privateURL) == before)
        try FileManager.default.removeItem(at: privateURL)
        let publicURL = folder.appendingPathComponent(SealKey.publicFileName)
        #expect(throws: SealKeyError.alreadyExists(path: publicURL.path)) { try SealKey.create(in: folder) }
        #expect(try SealPublicKey.load(file: publicURL).raw == key.publicKey.raw)
    }

    @Test("a private key readable by the group or others (0644, 0640, 0604) is refused, naming the file, never a key byte")
    func widePermissions() throws {
        _ = try SealKey.create(in: folder)
        let privateURL = folder.appendingPathComponent(SealKey.privateFileName)
        let raw = try Data(contentsOf: privateURL)
        for wide in [0o644, 0o640, 0o604, 0o620] {
            try FileManager.default.setAttributes([.posixPermissions: wide], ofItemAtPath: privateURL.path)
            #expect(throws: SealKeyError.permissions(path: privateURL.path, mode: UInt16(wide))) { try SealKey.load(from: folder) }
            let message = SealKeyError.permissions(path: privateURL.path, mode: UInt16(wide)).userMessage
            #expect(message.contains(privateURL.path) && message.contains("chmod 600"))
            #expect(!message.contains(raw.base64EncodedString()) && !message.contains(SealFixtures.hex(Array(raw))))
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: privateURL.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        #expect(throws: SealKeyError.permissions(path: folder.path, mode: 0o755)) { try SealKey.load(from: folder) }
    }

    @Test("a private key of the wrong size, a symbolic link or a missing file is refused with its own error")
    func badFiles() throws {
        _ = try SealKey.create(in: folder)
        let privateURL = folder.appendingPathComponent(SealKey.privateFileName)
        let raw = try Data(contentsOf: privateURL)
        for bytes in [raw.prefix(31), raw + Data([0]), Data()] {
            try FileManager.default.removeItem(at: privateURL)
            try KeyFile.writeNew(privateURL, bytes: Array(bytes), mode: 0o600)
            #expect(throws: SealKeyError.badContent(path: privateURL.path)) { try SealKey.load(from: folder) }
        }
        try FileManager.default.removeItem(at: privateURL)
        #expect(throws: SealKeyError.missing(path: privateURL.path)) { try SealKey.load(from: folder) }
        let elsewhere = Fixtures.temporaryFolder("seal-link").appendingPathComponent("k")
        try KeyFile.writeNew(elsewhere, bytes: Array(raw), mode: 0o600)
        try FileManager.default.createSymbolicLink(at: privateURL, withDestinationURL: elsewhere)
        #expect(throws: SealKeyError.notRegularFile(path: privateURL.path)) { try SealKey.load(from: folder) }
        let publicURL = folder.appendingPathComponent(SealKey.publicFileName)
        try FileManager.default.removeItem(at: publicURL)
        try KeyFile.writeNew(publicURL, bytes: Array("not a key\n".utf8), mode: 0o644)
        #expect(throws: SealKeyError.badContent(path: publicURL.path)) { try SealPublicKey.load(file: publicURL) }
        #expect(SealKeyError.badContent(path: publicURL.path).userMessage.contains(publicURL.path))
    }

    @Test("the default folder is $XDG_DATA_HOME/counter/keys, else ~/.local/share/counter/keys")
    func defaultFolder() {
        #expect(SealKey.defaultFolder(environment: ["XDG_DATA_HOME": "/srv/data", "HOME": "/home/u"]).path == "/srv/data/counter/keys")
        #expect(SealKey.defaultFolder(environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/u"]).path
            == "/home/u/.local/share/counter/keys")
    }
}
