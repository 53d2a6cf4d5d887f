// fuzz: every parser of outside input on N mutated inputs (default 10^6 each); inputs per second and totals.
// Exits 1 on any refusal that is not the parser's own typed error. Usage: make fuzz, or
// swift run -c release --package-path Benchmarks fuzz [N] [SEED]
import CounterCore
import CounterFuzzing
import Foundation

let arguments = CommandLine.arguments.dropFirst()
let count = Int(arguments.first ?? "1000000") ?? 1_000_000
let seed = UInt64(arguments.dropFirst().first ?? "1") ?? 1
var findings = 0
for target in try Fuzzing.targets(seeds: try SeedDirectory.locate()) {
    let report = Fuzzing.run(target, count: count, seed: seed)
    findings += report.unexpected
    print(String(format: "%-12@ %9d inputs  %8.0f inputs/s  accepted %8d  refused %8d  unexpected %d  (%.1f s)",
                 report.name as NSString, report.inputs, report.rate, report.accepted, report.refused, report.unexpected,
                 report.seconds))
    for sample in report.unexpectedSamples { print("    unexpected: \(sample)") }
}
exit(findings == 0 ? 0 : 1)
