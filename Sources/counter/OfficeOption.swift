import ArgumentParser
import CounterCore

/// `--office ID`: the office the terminal stands in, from `seeds/offices.json`; its ward name prints on the forms.
struct OfficeOption: ParsableArguments {
    @Option(help: "この端末がある事務所の id（seeds/offices.json。例: kita = 北区役所）。帳票に区名を印字します。省略時は区名欄を空けます")
    var office: String?

    /// The office named by `--office`, or nil when not given; an unknown id is refused with the known ones.
    func resolve() throws -> Office? {
        guard let office else { return nil }
        let directory = try OfficeDirectory(seeds: SeedDirectory.locate())
        guard let found = directory.office(id: office) else {
            let known = directory.offices.map { "\($0.id)（\($0.name)）" }.joined(separator: "、")
            throw ValidationError("--office の事務所 id が見つかりません。次のいずれかを指定してください: \(known)")
        }
        return found
    }
}
