import CounterTestSupport
import Foundation
import MyNumberCardSim
import Testing

extension SecondVirtualReaderSuite {
    /// `counter card read` through pcscd and vpcd against the simulator.
    @Suite struct CardReadCLITests {
        let counter = TestBinaries.url("counter")

        @Test func readPrintsExactJSONAndNeverSelectsTheIndividualNumber() throws {
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let result = try runProcess(counter, ["card", "read", "--reader", card.reader, "--pin-stdin", "--json"], stdin: "1234\n")
            #expect(result.status == 0, "\(result.stderr)")
            let name = String(String.UnicodeScalarView([0x9AD9, 0x6A4B, 0x3000, 0xFA11, 0x5B50].map { Unicode.Scalar($0)! }))
            let expected = #"{"name":"\#(name)","address":"大阪市北区中之島１丁目３－２０","birthDate":"1985-04-12","sex":"2","sexLabel":"女"}"# + "\n"
            #expect(result.stdoutData == Data(expected.utf8))
            let lines = card.traceLines()
            #expect(lines.contains { $0.contains("select=0002") })
            #expect(!lines.contains { $0.hasPrefix("ap=cardinfo") && $0.contains("select=0001") })
            #expect(!lines.joined().contains("31323334"))
        }

        @Test func variationSequenceAndLongAddressSurviveTheStack() throws {
            for stem in ["katsuragi-taro", "nakanoshima-midori"] {
                let card = try VirtualCard.start(profile: stem)
                defer { card.stop() }
                let result = try runProcess(counter, ["card", "read", "--reader", card.reader, "--pin-stdin", "--json"], stdin: "1234\n")
                #expect(result.status == 0, "\(result.stderr)")
                let json = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: String])
                let holder = try card.savedProfile().holder
                #expect(json["name"]?.unicodeScalars.elementsEqual(holder.name.unicodeScalars) == true)
                #expect(json["address"]?.unicodeScalars.elementsEqual(holder.address.unicodeScalars) == true)
            }
        }

        @Test func wrongPINExitsWithTriesLeft() throws {
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let result = try runProcess(counter, ["card", "read", "--reader", card.reader, "--pin-stdin", "--json"], stdin: "9999\n")
            #expect(result.status == 2)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("暗証番号が違います（残り2回）"))
            #expect(try card.savedProfile().cardInfoPINTriesLeft == 2)
        }

        @Test func lockedPINExitsWithAdvice() throws {
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            var statuses: [Int32] = []
            for _ in 0..<3 {
                let result = try runProcess(counter, ["card", "read", "--reader", card.reader, "--pin-stdin"], stdin: "0000\n")
                // A crash (status >= 128) shows its backtrace here.
                #expect(result.status < 128, "\(result.stderr)")
                statuses.append(result.status)
            }
            #expect(statuses == [2, 2, 3])
            let locked = try runProcess(counter, ["card", "read", "--reader", card.reader, "--pin-stdin"], stdin: "1234\n")
            #expect(locked.status == 3)
            #expect(locked.stderr.contains("暗証番号がロックされています。窓口で初期化が必要です。"))
            #expect(try card.savedProfile().cardInfoPINTriesLeft == 0)
        }

        @Test func malformedPINSendsNothing() throws {
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let result = try runProcess(counter, ["card", "read", "--reader", card.reader, "--pin-stdin"], stdin: "12a\n")
            #expect(result.status == 6)
            #expect(result.stderr.contains("数字4桁"))
            // Only the tries-left check (VERIFY without data) reached the card.
            #expect(!card.traceLines().contains { $0.contains("ins=20") && $0.contains("data=") })
            #expect(try card.savedProfile().cardInfoPINTriesLeft == 3)
        }

        @Test func cardPulledMidReadIsReported() throws {
            var options = VirtualCard.Options()
            options.removeAtINS = 0xB0
            let card = try VirtualCard.start(profile: "takahashi-sakiko", options: options)
            defer { card.stop() }
            let result = try runProcess(counter, ["card", "read", "--reader", card.reader, "--pin-stdin", "--json"], stdin: "1234\n")
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("読取中にカードが離れました"))
            // The card left after the PIN was verified and the file selected, before any of it was read.
            let lines = card.traceLines()
            #expect(lines.contains { $0.contains("ins=20") && $0.contains("data=<redacted 4 bytes>") && $0.hasSuffix("sw=9000") })
            #expect(lines.last?.contains("select=0002") == true, "\(lines)")
            #expect(!lines.contains { $0.contains("ins=B0") })
            #expect(try card.savedProfile().cardInfoPINTriesLeft == 3)
        }

        @Test func readWaitsForTheCardToBePlaced() throws {
            try VirtualCard.ensurePCSCD()
            let reader = VirtualCard.Options().reader
            let waiting = try RunningProcess(counter, ["card", "read", "--reader", reader, "--wait", "20", "--pin-stdin", "--json"], stdin: "1234\n")
            let card = try VirtualCard.start(profile: "katsuragi-taro")
            defer { card.stop() }
            let result = try waiting.finish()
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains(#""birthDate":"1972-01-05""#))
        }

        @Test func foreignCardIsNotAMyNumberCard() throws {
            var options = VirtualCard.Options()
            options.extraArguments = ["--foreign-card"]
            let card = try VirtualCard.start(profile: "takahashi-sakiko", options: options)
            defer { card.stop() }
            let read = try runProcess(counter, ["card", "read", "--reader", card.reader, "--pin-stdin", "--json"], stdin: "1234\n")
            #expect(read.status == 4)
            #expect(read.stdout.isEmpty)
            #expect(read.stderr.contains("マイナンバーカードではありません"))
            #expect(!card.traceLines().contains { $0.contains("ins=20") })
            let status = try runProcess(counter, ["card", "status", "--reader", card.reader, "--json"])
            #expect(status.stdout.contains(#""cardPresent":true,"myNumberCard":false,"cardInfoPINTriesLeft":null"#))
        }

        @Test func noCardIsReported() throws {
            try VirtualCard.ensurePCSCD()
            let emptyReader = VirtualCard.Options().reader
            let result = try runProcess(counter, ["card", "read", "--reader", emptyReader, "--pin-stdin"], stdin: "1234\n")
            #expect(result.status == 1)
            #expect(result.stderr.contains("カードが置かれていません"))
            let unknown = try runProcess(counter, ["card", "read", "--reader", "No Such Reader", "--pin-stdin"], stdin: "1234\n")
            #expect(unknown.status == 1)
            #expect(unknown.stderr.contains("「No Such Reader」"))
        }
    }

    /// `counter card status` and `counter card auth` through the real stack.
    @Suite struct CardStatusAndAuthCLITests {
        let counter = TestBinaries.url("counter")

        @Test func statusShowsCardAndTriesLeft() throws {
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            _ = try runProcess(counter, ["card", "read", "--reader", card.reader, "--pin-stdin"], stdin: "0000\n")
            // This suite's reader by name: the other suite's card comes and goes in the other reader meanwhile (the
            // reader holding a card is chosen by ReaderSessionTests). --wait rides out the moment after the read
            // powers the card off, when vpcd once reported it absent under load.
            let result = try runProcess(counter, ["card", "status", "--reader", card.reader, "--wait", "5", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
            let readers = try #require(json["readers"] as? [[String: Any]])
            let entry = try #require(readers.first { $0["name"] as? String == card.reader })
            #expect(entry["cardPresent"] as? Bool == true)
            #expect(entry["myNumberCard"] as? Bool == true)
            #expect(entry["cardInfoPINTriesLeft"] as? Int == 2)
            #expect(entry["authPINTriesLeft"] as? Int == 3)
            let text = try runProcess(counter, ["card", "status", "--reader", card.reader])
            #expect(text.stdout.contains("マイナンバーカード"))
            #expect(text.stdout.contains("残り2回"))
        }

        @Test func authSucceedsWithTheDemoCA() throws {
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let result = try runProcess(counter, ["card", "auth", "--reader", card.reader, "--pin-stdin", "--ca", VirtualCard.demoCACertificate.path, "--json"],
                                        stdin: "1234\n")
            #expect(result.status == 0, "\(result.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
            #expect(json["verified"] as? Bool == true)
            let serial = try #require(json["serialNumber"] as? String)
            #expect(json["subject"] as? String == "CN=\(serial),C=JP")
            #expect((json["issuer"] as? String)?.contains("DEMO") == true)
            #expect(card.traceLines().contains { $0.contains("ins=2A") && $0.hasSuffix("sw=9000") })
        }

        @Test func authWithAnotherCAIsRefused() throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("other-ca-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let otherCA = folder.appendingPathComponent("ca.pem")
            try runProcess(TestBinaries.url("mynumber-card-sim"), ["make-ca", "--out-key", folder.appendingPathComponent("key.pem").path, "--out-cert", otherCA.path])
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let result = try runProcess(counter, ["card", "auth", "--reader", card.reader, "--pin-stdin", "--ca", otherCA.path, "--json"], stdin: "1234\n")
            #expect(result.status == 5)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("発行元を確認できません"))
        }

        @Test func authWithTheDemoCRLRefusesTheRevokedCardAndPassesAnother() throws {
            let crl = VirtualCard.demoSeeds.appendingPathComponent("demo-crl.pem").path
            let revoked = try VirtualCard.start(profile: "yodoyabashi-kenichi-revoked")
            do {
                defer { revoked.stop() }
                let result = try runProcess(counter, ["card", "auth", "--reader", revoked.reader, "--pin-stdin", "--ca",
                                                      VirtualCard.demoCACertificate.path, "--crl", crl, "--json"], stdin: "1234\n")
                #expect(result.status == 5, "\(result.stderr)")
                #expect(result.stdout.isEmpty)
                #expect(result.stderr.contains("利用者証明用電子証明書は失効しています"))
                // The card did sign: the refusal is the list's, after the certificate and signature checked out.
                #expect(revoked.traceLines().contains { $0.contains("ins=2A") && $0.hasSuffix("sw=9000") })
            }
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let result = try runProcess(counter, ["card", "auth", "--reader", card.reader, "--pin-stdin", "--ca",
                                                  VirtualCard.demoCACertificate.path, "--crl", crl, "--json"], stdin: "1234\n")
            #expect(result.status == 0, "\(result.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
            #expect(json["verified"] as? Bool == true)
        }

        @Test func authWithAnOutdatedOrForeignCRLIsRefused() throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crl-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let sim = TestBinaries.url("mynumber-card-sim")
            let caKey = VirtualCard.demoSeeds.appendingPathComponent("demo-ca-key.pem").path
            // make-crl: a list issued 20 days ago and due 10 days later, so outdated today.
            let outdated = folder.appendingPathComponent("outdated.pem")
            let made = try runProcess(sim, ["make-crl", "--ca-key", caKey, "--ca-cert", VirtualCard.demoCACertificate.path,
                                            "--out", outdated.path, "--days", "10", "--this-update-days-ago", "20"])
            #expect(made.status == 0, "\(made.stderr)")
            // Another CA's list.
            let otherKey = folder.appendingPathComponent("key.pem").path, otherCert = folder.appendingPathComponent("ca.pem").path
            try runProcess(sim, ["make-ca", "--out-key", otherKey, "--out-cert", otherCert])
            let foreign = folder.appendingPathComponent("foreign.pem")
            try runProcess(sim, ["make-crl", "--ca-key", otherKey, "--ca-cert", otherCert, "--out", foreign.path])
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let late = try runProcess(counter, ["card", "auth", "--reader", card.reader, "--pin-stdin", "--ca",
                                                VirtualCard.demoCACertificate.path, "--crl", outdated.path], stdin: "1234\n")
            #expect(late.status == 5)
            #expect(late.stderr.contains("失効リストの有効期限が切れています"))
            let other = try runProcess(counter, ["card", "auth", "--reader", card.reader, "--pin-stdin", "--ca",
                                                 VirtualCard.demoCACertificate.path, "--crl", foreign.path], stdin: "1234\n")
            #expect(other.status == 5)
            #expect(other.stderr.contains("失効リストが認証局の発行したものか確認できません"))
            let missing = try runProcess(counter, ["card", "auth", "--reader", card.reader, "--pin-stdin", "--ca",
                                                   VirtualCard.demoCACertificate.path, "--crl", folder.appendingPathComponent("none.pem").path],
                                         stdin: "1234\n")
            #expect(missing.status == 5)
            #expect(missing.stderr.contains("失効リストを読めません"))
            // A foreign or unreadable list is refused before the card is asked anything.
            #expect(card.traceLines().filter { $0.contains("ins=2A") }.count == 1)
        }

        @Test func authWithWrongPINCounts() throws {
            let card = try VirtualCard.start(profile: "takahashi-sakiko")
            defer { card.stop() }
            let result = try runProcess(counter, ["card", "auth", "--reader", card.reader, "--pin-stdin", "--ca", VirtualCard.demoCACertificate.path], stdin: "4321\n")
            #expect(result.status == 2)
            #expect(result.stderr.contains("残り2回"))
            #expect(try card.savedProfile().authPINTriesLeft == 2)
        }
    }
}
