import CertificateIssue
import CounterCore
import CounterService
import CounterStore
import CounterTestSupport
import Foundation
import MyNumberCardSim
import MyNumberReader
import X509

/// Everything a real `counter kiosk` needs, in a temporary folder: the seeds with the kiosk open all day (or
/// closed today), a database holding the demo registry plus cards linked to chosen persons, a 係長, the
/// installation's signing key, and a card profile per linked person (PINs 1234). Kiosks run in tmux on the
/// real binary with a real `payment-terminal-sim`.
final class KioskWorld {
    /// The temporary folder.
    let folder: URL
    /// The seeds copy the kiosks use.
    let seeds: URL
    /// The terminal database.
    let database: URL
    /// The signing key folder.
    let keys: URL
    /// Card profiles by person id (each linked to that person in the registry).
    private(set) var cards: [String: URL] = [:]
    /// Profiles of cards the registry does not link (another CA, …), by name.
    private(set) var otherCards: [String: URL] = [:]
    /// The persons as the registry holds them, by id.
    private(set) var persons: [String: Person] = [:]

    /// The demo CA.
    static let demoCA = ProfileMaker.CertificateAuthority(
        keyPEM: (try? String(contentsOf: VirtualCard.demoSeeds.appendingPathComponent("demo-ca-key.pem"), encoding: .utf8)) ?? "",
        certificatePEM: (try? String(contentsOf: VirtualCard.demoCACertificate, encoding: .utf8)) ?? "")

    /// The supervisor who opens the staff menu.
    static let staffID = "chief", staffPassword = "chief-pass-2026"

    /// Builds the world: cards linked to `linked` persons (the demo card holders P90001–P90003 are linked by the
    /// demo registry already and are served from their own profiles), plus `expired` (linked, past its
    /// validity) and an unknown CA's card when asked. `closedToday` makes today a closed day.
    init(linked: [String] = [], expiredFor expiredPerson: String? = nil, unknownCA: Bool = false, closedToday: Bool = false) throws {
        folder = Fixtures.temporaryFolder("kiosk-world")
        seeds = folder.appendingPathComponent("seeds")
        database = folder.appendingPathComponent("counter.sqlite")
        keys = folder.appendingPathComponent("keys")
        try FileManager.default.copyItem(at: TestBinaries.repoRoot.appendingPathComponent("seeds"), to: seeds)
        try Self.openAllDay(seeds.appendingPathComponent("kiosk/schedule.json"), closedToday: closedToday)

        // The registry as shipped, to make each card's holder from its person.
        let scratch = try CounterStorage.inMemory()
        let registryFolder = seeds.appendingPathComponent("demo/registry")
        _ = try RegistryImport(seeds: SeedDirectory(url: seeds)).run(folder: registryFolder, into: scratch)
        let registry = try SQLiteResidentRegistry(database: scratch, seeds: SeedDirectory(url: seeds))
        let sharedKey = try ProfileMaker.makeProfile(holder: Self.holder(try registry.person(id: "P90001")!), cardInfoPIN: "1234",
                                                     authPIN: "1234", ca: Self.demoCA).authPrivateKeyPEM
        let cardFolder = folder.appendingPathComponent("cards")
        try FileManager.default.createDirectory(at: cardFolder, withIntermediateDirectories: true)
        var links = try String(contentsOf: registryFolder.appendingPathComponent("jpki_links.csv"), encoding: .utf8)
        func make(_ personID: String, notAfter: Date? = nil, ca: ProfileMaker.CertificateAuthority = KioskWorld.demoCA,
                  link: Bool = true, name: String? = nil) throws {
            guard let person = try registry.person(id: personID) else { throw TmuxSession.Failure(description: "no \(personID)") }
            persons[personID] = person
            let now = SystemClock().now()
            let profile = try ProfileMaker.makeProfile(
                holder: Self.holder(person), cardInfoPIN: "1234", authPIN: "1234", ca: ca,
                notBefore: notAfter.map { $0.addingTimeInterval(-86_400 * 30) } ?? now.addingTimeInterval(-86_400),
                notAfter: notAfter ?? now.addingTimeInterval(5 * 365 * 86_400), authKeyPEM: sharedKey)
            let url = cardFolder.appendingPathComponent("\(name ?? personID).json")
            try profile.save(to: url)
            if link {
                let certificate = try X509Reader.serialAndIssuer(pem: profile.authCertificatePEM)
                links += "\"\(certificate.issuer)\",\(certificate.serial),\(personID)\n"
            }
            if let name { otherCards[name] = url } else { cards[personID] = url }
        }
        for personID in linked { try make(personID) }
        if let expiredPerson { try make(expiredPerson, notAfter: SystemClock().now().addingTimeInterval(-86_400), name: "expired") }
        if unknownCA { try make("P90001", ca: try ProfileMaker.makeCA(commonName: "Another CA"), link: false, name: "unknown-ca") }
        for demo in ["P90001": "takahashi-sakiko", "P90002": "katsuragi-taro", "P90003": "nakanoshima-midori",
                     "P90006": "yodoyabashi-kenichi-revoked"] {
            cards[demo.key] = VirtualCard.demoSeeds.appendingPathComponent("cards/\(demo.value).json")
            persons[demo.key] = try registry.person(id: demo.key)
        }
        try links.write(to: registryFolder.appendingPathComponent("jpki_links.csv"), atomically: true, encoding: .utf8)

        let counter = TestBinaries.url("counter")
        let environment = ["COUNTER_SEEDS": seeds.path]
        for step in [["residents", "import", registryFolder.path, "--db", database.path],
                     ["keys", "init", "--dir", keys.path]] {
            let result = try runProcess(counter, step, environment: environment)
            guard result.status == 0 else { throw TmuxSession.Failure(description: "\(step[0]) failed: \(result.stderr)") }
        }
        let added = try runProcess(counter, ["clerk", "add", "--db", database.path, "--id", Self.staffID, "--name", "係長",
                                             "--role", "supervisor"], stdin: Self.staffPassword + "\n", environment: environment)
        guard added.status == 0 else { throw TmuxSession.Failure(description: "clerk add failed: \(added.stderr)") }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// The card's four fields from the registry's person (the kiosk reads none of them).
    private static func holder(_ person: Person) -> BasicInfo {
        BasicInfo(name: person.name, address: person.address, birthDate: person.birthDate, sex: person.sex)
    }

    /// Opens the kiosk all day (00:00–24:00), closed on no day, or closed today.
    private static func openAllDay(_ schedule: URL, closedToday: Bool) throws {
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: schedule)) as? [String: Any] ?? [:]
        json["opens"] = "00:00"
        json["closes"] = "24:00"
        let today = SystemClock().today()
        json["closedDays"] = closedToday ? [String(format: "%02d-%02d", today.month, today.day)] : []
        try JSONSerialization.data(withJSONObject: json).write(to: schedule)
    }

    /// A kiosk on `reader`, printing into its own PDF folder, paying on `terminal`, in a tmux session.
    func startKiosk(terminalID: String, reader: String, terminal: PaymentTerminalSimulator, extra: String = "",
                    width: Int = 100, height: Int = 30) throws -> Kiosk {
        let pdf = folder.appendingPathComponent("pdf-\(terminalID)")
        let command = "\(TestBinaries.url("counter").path) kiosk --db \(database.path) --out \(pdf.path) --terminal \(terminalID)"
            + " --office kita --reader '\(reader)' --ca \(VirtualCard.demoCACertificate.path) --payment-terminal \(terminal.socket)"
            + " --crl \(VirtualCard.demoSeeds.appendingPathComponent("demo-crl.pem").path) --keys \(keys.path) \(extra)"
        return Kiosk(tmux: try TmuxSession(command: command, width: width, height: height,
                                           environment: ["COUNTER_SEEDS": seeds.path]), pdf: pdf, reader: reader)
    }

    /// A running kiosk and where it prints.
    struct Kiosk {
        let tmux: TmuxSession
        let pdf: URL
        let reader: String

        /// The PDFs printed so far, oldest first.
        func printed() -> [URL] {
            ((try? FileManager.default.contentsOfDirectory(at: pdf, includingPropertiesForKeys: nil)) ?? [])
                .filter { $0.pathExtension == "pdf" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        }

        /// Chooses the language numbered `number` on the start screen and waits for the card prompt.
        func start(language number: Int, cardPrompt: String) async throws {
            try await tmux.waitFor("1-6", timeout: .seconds(90))  // the process starting under the load of make test's start
            try tmux.send(String(number))
            try await tmux.waitFor(cardPrompt)
        }

        /// Types the PIN and Enter.
        func enterPIN(_ pin: String) throws {
            try tmux.send(pin, literal: true)
            try tmux.send("Enter")
        }

        /// The number of the choice whose line contains `label`.
        func choiceNumber(_ label: String) async throws -> String {
            let screen = try await tmux.waitFor(label)
            guard let line = screen.split(separator: "\n").first(where: { $0.contains(label) }),
                  let number = line.split(separator: " ").first(where: { Int($0) != nil }) else {
                throw TmuxSession.Failure(description: "no choice \(label) on:\n\(screen)")
            }
            return String(number)
        }

        /// Opens the staff menu with the staff key sequence and the supervisor's password.
        func openStaffMenu() async throws {
            try tmux.send("///", literal: true)
            try await tmux.waitFor("職員メニュー")
            try tmux.send(KioskWorld.staffID, literal: true)
            try tmux.send("Tab")
            try tmux.send(KioskWorld.staffPassword, literal: true)
            try tmux.send("Enter")
            try await tmux.waitFor("キオスクを終了する")
        }
    }
}

/// The serial (upper-case hex without leading zero bytes) and issuer DN of a PEM certificate, as the registry's
/// link holds them.
enum X509Reader {
    static func serialAndIssuer(pem: String) throws -> (serial: String, issuer: String) {
        let certificate = try Certificate(pemEncoded: pem)
        return (JPKILink.canonicalSerial(certificate.serialNumber.bytes.hexString()) ?? "", certificate.issuer.description)
    }
}
