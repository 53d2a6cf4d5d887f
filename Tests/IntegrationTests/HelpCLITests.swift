import CounterTestSupport
import Foundation
import Testing

@Suite("Help in Japanese; each command takes only the options it uses")
struct HelpCLITests {
    /// Runs `counter arguments…`, expecting help on standard output with exit 0 and none of the parser's English.
    private func help(_ arguments: [String]) throws -> String {
        let run = try CounterCLI.run(arguments)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        for english in parserEnglish {
            #expect(!run.stdout.contains(english), "\(english) in \(run.stdout)")
        }
        return run.stdout
    }

    @Test("counter --help, counter forms and counter help forms list: headings, notes and the default command in Japanese")
    func headings() throws {
        let root = try help(["--help"])
        for text in ["概要: 区役所窓口アプリ", "使い方: counter <コマンド>", "オプション:", "コマンド:", "  tui（省略時）",
                     "この説明を表示します。", "各コマンドの説明は counter help <コマンド> で表示できます。"] {
            #expect(root.contains(text), "\(text) not in \(root)")
        }
        let group = try help(["forms"])
        #expect(group.contains("使い方: counter forms <コマンド>") && group.contains("counter help forms <コマンド> で表示できます。"))
        let leaf = try help(["help", "forms", "show"])
        #expect(leaf.contains("使い方: counter forms show <id>") && leaf.contains("引数:") && leaf.contains("帳票 id"))
    }

    @Test("tui --help and preprint --help show the default terminal id (this computer's name) and the defaults")
    func defaults() throws {
        let name = ProcessInfo.processInfo.hostName
        for command in ["tui", "preprint"] {
            let text = try help([command, "--help"])
            #expect(text.contains("省略時はこのコンピュータの名前（\(name)）"), "\(text)")
            #expect(text.contains("（指定できる値: overlay, full。省略時: full）"), "\(text)")
        }
        #expect(try help(["tui", "--help"]).contains("（1〜60）（省略時: 5）"))
    }

    @Test("printer calibrate requires --offset and takes no --mode; printer show takes neither")
    func printerOptions() throws {
        let calibrate = try help(["printer", "calibrate", "--help"])
        #expect(calibrate.contains("] --offset <offset> ["))
        #expect(!calibrate.contains("[--offset") && !calibrate.contains("--mode") && !calibrate.contains("省略時は counter printer calibrate"))
        let show = try help(["printer", "show", "--help"])
        #expect(!show.contains("--offset") && !show.contains("--mode"))
    }
}

@Suite("counter forms validate: decoding errors in Japanese")
struct FormDecodingCLITests {
    @Test("a bad paper size lists the sizes and a wrong box value names fields[n].box.x; neither value nor Swift's text shown")
    func decodingErrors() throws {
        let folder = Fixtures.temporaryFolder("cli-decode")
        defer { try? FileManager.default.removeItem(at: folder) }
        let size = folder.appendingPathComponent("size.json"), box = folder.appendingPathComponent("box.json")
        try Data(Fixtures.layoutJSON(paper: #"{"size": "A9", "orientation": "portrait"}"#).utf8).write(to: size)
        try Data(Fixtures.layoutJSON(field: Fixtures.validFieldJSON.replacingOccurrences(of: #""x": 20"#, with: #""x": "twenty""#)).utf8)
            .write(to: box)
        let run = try CounterCLI.run(["forms", "validate", size.path, box.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("size.json の項目 paper.size: A4, A3, B4, B5 のいずれかにしてください"), "\(run.stderr)")
        #expect(run.stderr.contains("box.json の fields[0] の項目 box.x: 値の種類が違います。数値にしてください"), "\(run.stderr)")
        for english in parserEnglish + ["A9", "twenty", "Cannot initialize", "Expected to decode", "Index", "CodingKeys"] {
            #expect(!run.stderr.replacingOccurrences(of: folder.path, with: "").contains(english), "\(english) in \(run.stderr)")
        }
    }
}
