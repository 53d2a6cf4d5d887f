import CounterCore
import CounterFuzzing
import CounterTestSupport
import Testing

/// A bounded fuzz run of every parser of outside input (`make fuzz` runs 10^6 each): mutated inputs never
/// crash a parser, every refusal is the parser's own typed error, and mutations keep finding both sides.
@Suite("Fuzz targets (bounded run)")
struct FuzzTargetsTests {
    static let count = 20_000

    @Test("every target survives mutated input with typed refusals only", arguments: ["ber-tlv", "basic-info", "info-json", "crl", "form-layout"])
    func bounded(name: String) throws {
        let target = try #require(try Fuzzing.targets(seeds: Fixtures.seeds).first { $0.name == name })
        // The seeds themselves are valid.
        for seed in target.seeds { #expect(target.run(seed) == .accepted, "a seed of \(name) was refused") }
        let report = Fuzzing.run(target, count: Self.count, seed: 0xC0FFEE)
        #expect(report.inputs == Self.count)
        #expect(report.unexpected == 0, "\(name): \(report.unexpectedSamples)")
        #expect(report.refused > 0, "\(name): no mutation was refused, so the mutator is not reaching the checks")
        #expect(report.accepted + report.refused == report.inputs)
    }

    @Test("a run is reproducible from its seed")
    func reproducible() {
        var first = SplitMix64(seed: 42), second = SplitMix64(seed: 42)
        let base: [UInt8] = Array("{\"a\":1}".utf8)
        for _ in 0..<100 {
            #expect(Fuzzing.mutate(base, using: &first) == Fuzzing.mutate(base, using: &second))
        }
    }
}
