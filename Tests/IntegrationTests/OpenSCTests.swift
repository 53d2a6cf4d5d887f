import CounterTestSupport
import Foundation
import Testing

extension SecondVirtualReaderSuite {
    /// OpenSC's jpki driver as an independent client of the simulator.
    @Suite struct OpenSCClientTests {
        static let module = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"

        @Test func pkcs15ToolListsAndReadsTheAuthCertificate() throws {
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let list = try runProcess(URL(fileURLWithPath: "/usr/bin/pkcs15-tool"), ["--reader", card.reader, "--list-certificates"])
            #expect(list.status == 0, "\(list.stderr)")
            #expect(list.stdout.contains("User Authentication Certificate"))
            #expect(list.stdout.contains("Path           : 000a"))
            let read = try runProcess(URL(fileURLWithPath: "/usr/bin/pkcs15-tool"), ["--reader", card.reader, "--read-certificate", "01"])
            #expect(read.status == 0, "\(read.stderr)")
            #expect(read.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == (try card.savedProfile().authCertificatePEM).trimmingCharacters(in: .whitespacesAndNewlines))
        }

        @Test func pkcs11ToolSignsAndOpenSSLVerifies() throws {
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let data = card.folder.appendingPathComponent("data.bin")
            let signature = card.folder.appendingPathComponent("signature.bin")
            let certificate = card.folder.appendingPathComponent("cert.pem")
            let publicKey = card.folder.appendingPathComponent("pub.pem")
            try Data("challenge \(UUID().uuidString)".utf8).write(to: data)
            try Data(card.savedProfile().authCertificatePEM.utf8).write(to: certificate)
            let sign = try runProcess(URL(fileURLWithPath: "/usr/bin/pkcs11-tool"), [
                "--module", Self.module, "--slot-description", card.reader, "--login", "--pin", "1234", "--sign", "--id", "01",
                "-m", "SHA256-RSA-PKCS", "--input-file", data.path, "--output-file", signature.path])
            #expect(sign.status == 0, "\(sign.stderr)")
            let key = try runProcess(URL(fileURLWithPath: "/usr/bin/openssl"), ["x509", "-in", certificate.path, "-pubkey", "-noout", "-out", publicKey.path])
            #expect(key.status == 0)
            let verify = try runProcess(URL(fileURLWithPath: "/usr/bin/openssl"), [
                "dgst", "-sha256", "-verify", publicKey.path, "-signature", signature.path, data.path])
            #expect(verify.status == 0)
            #expect(verify.stdout.contains("Verified OK"))
            // A changed message must not verify with the same signature.
            try Data("another message".utf8).write(to: data)
            let forged = try runProcess(URL(fileURLWithPath: "/usr/bin/openssl"), [
                "dgst", "-sha256", "-verify", publicKey.path, "-signature", signature.path, data.path])
            #expect(forged.status != 0)
        }
    }
}
