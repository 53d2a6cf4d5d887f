// form-render-bench: median render time and PDF size per form, for a demo person.
// A development tool, not part of the product or of `make test`.
// Usage: swift run -c release form-render-bench [ITERATIONS (default 50)] [full|overlay (default full)]
import CounterCore
import DocumentPrint
import FormPreprint
import Foundation

let arguments = CommandLine.arguments.dropFirst()
guard let iterations = Int(arguments.first ?? "50"), iterations >= 1,
      let mode = PreprintMode(rawValue: arguments.dropFirst().first ?? PreprintMode.full.rawValue) else {
    FileHandle.standardError.write(Data("usage: form-render-bench [ITERATIONS] [full|overlay]\n".utf8))
    exit(2)
}

func milliseconds(since start: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
}

do {
    let loadStart = DispatchTime.now().uptimeNanoseconds
    _ = try FontSet.shared()
    print(String(format: "font set load (once per process): %.1f ms", milliseconds(since: loadStart)))
    let service = try PreprintService(seeds: SeedDirectory.locate())
    let today = SystemClock().today()
    let person = BasicInfo(name: "髙橋\u{3000}\u{FA11}子", address: "大阪府大阪市北区中之島1丁目3番20号\u{3000}中之島ハイツ101号室",
                           birthDate: CalendarDate(year: 1980, month: 2, day: 17), sex: .female)
    print("form\tmedian_ms\tmin_ms\tpdf_bytes\t(\(mode.rawValue), \(iterations) renders)")
    for form in service.catalog.forms(on: today) {
        var times: [Double] = []
        var size = 0
        for _ in 0..<iterations {
            let start = DispatchTime.now().uptimeNanoseconds
            size = try service.render(formID: form.id, fill: FormFill(info: person, today: today), mode: mode).count
            times.append(milliseconds(since: start))
        }
        times.sort()
        print(String(format: "%@\t%.2f\t%.2f\t%d", form.id, times[times.count / 2], times[0], size))
    }
} catch {
    FileHandle.standardError.write(Data((userMessage(for: error) + "\n").utf8))
    exit(1)
}
