import CounterCore
import CounterService
import Foundation
import FormPreprint
import MyNumberReader

/// What one input did to a target.
public enum FuzzOutcome: Sendable, Equatable {
    /// Parsed (and, where the target says so, checked) without error.
    case accepted
    /// Refused with the target's own typed error, as it should be.
    case refused
    /// Refused with an error of another type: a finding (an untyped failure path).
    case unexpected(String)
}

/// A parser under fuzzing: valid seed inputs to mutate and the call that must never crash.
public struct FuzzTarget: Sendable {
    /// A short name (`ber-tlv`, `basic-info`, `info-json`, `crl`, `form-layout`).
    public let name: String
    /// Valid inputs the mutations start from.
    public let seeds: [[UInt8]]
    /// Runs the parser on one input.
    public let run: @Sendable ([UInt8]) -> FuzzOutcome

    /// Creates a target.
    public init(name: String, seeds: [[UInt8]], run: @escaping @Sendable ([UInt8]) -> FuzzOutcome) {
        self.name = name
        self.seeds = seeds
        self.run = run
    }
}

/// The counts of one fuzz run.
public struct FuzzReport: Sendable {
    /// The target's name.
    public var name: String
    /// Inputs run.
    public var inputs = 0
    /// Inputs accepted.
    public var accepted = 0
    /// Inputs refused with the target's typed error.
    public var refused = 0
    /// Inputs refused with another error (each a finding), with the first few descriptions.
    public var unexpected = 0
    public var unexpectedSamples: [String] = []
    /// Wall time of the run.
    public var seconds = 0.0

    /// Inputs per second.
    public var rate: Double { seconds > 0 ? Double(inputs) / seconds : 0 }
}

/// Mutation-based fuzzing of the parsers that read what comes from outside: the card's BER-TLV, the
/// basic-4-info file, the `--info-json` file, the revocation list (`--crl`) and the form layouts. The same targets run for a bounded
/// count in `make test` and for 10^6 inputs each in `make fuzz`.
public enum Fuzzing {
    /// The five targets, seeded from the repository's seeds.
    public static func targets(seeds: SeedDirectory) throws -> [FuzzTarget] {
        let eras = try EraTable(seeds: seeds)
        let people = [
            BasicInfo(name: "髙橋\u{3000}﨑子", address: "大阪府大阪市北区中之島1丁目3番20号\u{3000}中之島ハイツ101号室",
                      birthDate: CalendarDate(year: 1980, month: 2, day: 17), sex: .female),
            BasicInfo(name: "葛\u{E0100}城\u{3000}一郎", address: String(repeating: "大阪府大阪市中央区大手前2丁目", count: 6),
                      birthDate: CalendarDate(year: 1926, month: 12, day: 25), sex: .male),
        ]
        let cardFiles = people.map(BasicInfoFile.encode)
        let infoFiles = people.map { person in
            Array(#"{"name":"\#(person.name)","address":"\#(person.address)","birthDate":"\#(person.birthDate.iso)","sex":"\#(person.sex.code)","sexLabel":"\#(person.sex.label)"}"#.utf8)
        }
        let formsFolder = seeds.file("forms")
        let layouts = try FileManager.default.contentsOfDirectory(atPath: formsFolder.path).sorted()
            .filter { $0.hasSuffix(".json") }
            .map { Array(try Data(contentsOf: formsFolder.appendingPathComponent($0))) }
        let today = CalendarDate(year: 2026, month: 11, day: 21)
        // The demo CA's revocation list, as DER (mutated) and as PEM, and the CA that must have signed it.
        let crlPEM = Array(try Data(contentsOf: seeds.file("demo/demo-crl.pem")))
        let crlCA = try JPKIAuthenticator(caCertificateFile: seeds.file("demo/demo-ca-cert.pem").path).caCertificate
        return [
            FuzzTarget(name: "ber-tlv", seeds: cardFiles) { bytes in
                do {
                    for element in try BERTLV.parse(bytes) where element.isConstructed {
                        _ = try BERTLV.children(of: element, in: bytes)
                    }
                    return .accepted
                } catch {
                    return .refused
                }
            },
            FuzzTarget(name: "basic-info", seeds: cardFiles) { bytes in
                outcome(refusing: CardError.self) {
                    _ = try BasicInfoInput.validate(try BasicInfoFile.parse(bytes), today: today)
                }
            },
            FuzzTarget(name: "info-json", seeds: infoFiles) { bytes in
                outcome(refusing: InfoFileError.self) {
                    let record = try InfoFile.decode(Data(bytes), named: "fuzz.json")
                    _ = try BasicInfoInput.validate(record.info, today: today)
                    _ = try BasicInfoInput.furigana(record.furigana)
                }
            },
            FuzzTarget(name: "crl", seeds: [try derOfPEM(crlPEM), crlPEM]) { bytes in
                outcome(refusing: RevocationListError.self) {
                    try RevocationList(data: Data(bytes)).checkSignature(issuedBy: crlCA)
                }
            },
            FuzzTarget(name: "form-layout", seeds: layouts) { bytes in
                do {
                    _ = try FormCatalog.loadLayout(data: Data(bytes), named: "fuzz.r1.json", eras: eras)
                    return .accepted
                } catch {
                    return .refused
                }
            },
        ]
    }

    /// The DER inside a PEM file (via the CRL parser's own PEM reading, so a seed is exactly what it reads).
    static func derOfPEM(_ pem: [UInt8]) throws -> [UInt8] {
        guard let text = String(bytes: pem, encoding: .utf8) else { throw CocoaError(.fileReadCorruptFile) }
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let der = Data(base64Encoded: body) else { throw CocoaError(.fileReadCorruptFile) }
        return Array(der)
    }

    /// `accepted` when `body` returns, `refused` for the parser's own error or the one input check's,
    /// `unexpected` (a finding) for any other error.
    static func outcome<Refusal: Error>(refusing: Refusal.Type, _ body: () throws -> Void) -> FuzzOutcome {
        do {
            try body()
            return .accepted
        } catch is Refusal {
            return .refused
        } catch is InputError {
            return .refused
        } catch {
            return .unexpected(String(describing: type(of: error)))
        }
    }

    /// Runs `target` on `count` mutated inputs from `seed`.
    public static func run(_ target: FuzzTarget, count: Int, seed: UInt64) -> FuzzReport {
        var generator = SplitMix64(seed: seed)
        var report = FuzzReport(name: target.name)
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<count {
            let base = target.seeds.randomElement(using: &generator) ?? []
            let input = mutate(base, using: &generator)
            switch target.run(input) {
            case .accepted: report.accepted += 1
            case .refused: report.refused += 1
            case .unexpected(let description):
                report.unexpected += 1
                if report.unexpectedSamples.count < 5 { report.unexpectedSamples.append(description) }
            }
            report.inputs += 1
        }
        report.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return report
    }

    /// One to four random edits of `bytes`: flip, set, insert, delete, truncate, duplicate a span, or
    /// splice in a byte that matters to the formats (`00`, `FF`, `"`, `{`, `\\`, a length byte).
    public static func mutate(_ bytes: [UInt8], using generator: inout SplitMix64) -> [UInt8] {
        var result = bytes
        let interesting: [UInt8] = [0x00, 0xFF, 0x7F, 0x80, 0x81, 0x82, 0x83, 0x84, 0x22, 0x7B, 0x7D, 0x5B, 0x5D, 0x5C, 0x2C,
                                    0x3A, 0xE3, 0x1B, 0x0A]
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = result.isEmpty ? 0 : Int.random(in: 0..<result.count, using: &generator)
            switch Int.random(in: 0..<8, using: &generator) {
            case 0 where !result.isEmpty: result[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
            case 1 where !result.isEmpty: result[position] = interesting.randomElement(using: &generator)!
            case 2: result.insert(interesting.randomElement(using: &generator)!, at: position)
            case 3 where !result.isEmpty: result.remove(at: position)
            case 4: result = Array(result.prefix(position))
            case 5 where !result.isEmpty:
                let end = min(result.count, position + Int.random(in: 1...16, using: &generator))
                result.insert(contentsOf: result[position..<end], at: position)
            case 6: result.insert(UInt8.random(in: 0...255, using: &generator), at: position)
            default: if !result.isEmpty { result[position] = UInt8.random(in: 0...255, using: &generator) }
            }
        }
        return result
    }
}
