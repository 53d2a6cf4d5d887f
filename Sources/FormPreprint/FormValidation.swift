import CounterCore
import DocumentPrint

extension FormLayout {
    /// Smallest and largest font sizes a layout may use, in points.
    static let fontSizes = 4.0...72.0
    /// Smallest box side, in mm.
    static let minimumBoxSide = 1.0

    /// Checks what decoding cannot: ids, boxes inside the paper, sizes, source/format pairs, choices.
    /// Throws a ``SeedError`` naming `file`, the entry (`fields[id]`, `background[n]`) and the field.
    func validate(file: String, eras: EraTable) throws(SeedError) {
        guard !id.isEmpty, id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
            throw SeedError(file: file, field: "id", problem: "id は英小文字・数字・ハイフンで指定してください")
        }
        guard revision >= 1 else { throw SeedError(file: file, field: "revision", problem: "revision は 1 以上にしてください") }
        guard validFrom.isValid else { throw SeedError(file: file, field: "validFrom", problem: "存在しない日付です") }
        guard !title.isEmpty else { throw SeedError(file: file, field: "title", problem: "title が空です") }
        guard !fields.isEmpty else { throw SeedError(file: file, field: "fields", problem: "欄が1つもありません") }
        for (index, item) in background.enumerated() {
            try item.validate(paper: paper, file: file, entry: "background[\(index)]")
        }
        var seen = Set<String>()
        for (index, field) in fields.enumerated() {
            let entry = field.id.isEmpty ? "fields[\(index)]" : "fields[\(field.id)]"
            guard !field.id.isEmpty else { throw SeedError(file: file, entry: entry, field: "id", problem: "id が空です") }
            guard seen.insert(field.id).inserted else { throw SeedError(file: file, entry: entry, field: "id", problem: "id が重複しています") }
            try field.validate(paper: paper, eras: eras, file: file, entry: entry)
        }
    }
}

extension FormField {
    fileprivate func validate(paper: Paper, eras: EraTable, file: String, entry: String) throws(SeedError) {
        func fail(_ field: String, _ problem: String) -> SeedError { SeedError(file: file, entry: entry, field: field, problem: problem) }
        guard !label.isEmpty else { throw fail("label", "label が空です") }
        try box.validate(paper: paper, file: file, entry: entry, field: "box")
        guard FormLayout.fontSizes.contains(fontSize) else { throw fail("fontSize", "文字サイズは 4〜72 pt にしてください") }
        if let minFontSize, !(FormLayout.fontSizes.lowerBound...fontSize).contains(minFontSize) {
            throw fail("minFontSize", "最小文字サイズは 4 pt 以上 fontSize 以下にしてください")
        }
        guard format.accepts(source.kind) else {
            throw fail("format", "format「\(format.rawValue)」は source「\(source.rawValue)」に使えません")
        }
        if source.isAnswer {
            guard let answers, !answers.isEmpty, answers.count <= 4, answers.allSatisfy(RecordIdentifier.isValid) else {
                throw fail("answers", "source「\(source.rawValue)」には質問の id（answers、1〜4件）が必要です")
            }
            if let fallback {
                guard !fallback.isAnswer, fallback.kind == source.kind, format.accepts(fallback.kind) else {
                    throw fail("fallback", "fallback は同じ種類（文字・日付）の、回答ではない source にしてください")
                }
            }
            if part != nil, source != .answerText { throw fail("part", "part は source が answerText の欄にだけ使えます") }
        } else if answers != nil || fallback != nil || part != nil {
            throw fail("answers", "answers・fallback・part は source が answerText か answerDate の欄にだけ使えます")
        }
        if let cells {
            guard format.allowsCells else { throw fail("cells", "cells は eraYear, year, month, day にだけ使えます") }
            guard (1...8).contains(cells) else { throw fail("cells", "cells は 1〜8 にしてください") }
        }
        if format.isChoice {
            guard let options, !options.isEmpty else { throw fail("options", "丸で囲む選択肢がありません") }
            for (index, option) in options.enumerated() {
                try option.box.validate(paper: paper, file: file, entry: entry, field: "options[\(index)].box")
            }
            if format == .textCircle {
                // The words are the answer's options (the one-stop catalog checks them against its question).
                for (index, option) in options.enumerated()
                where !(1...20).contains(option.value.count) || TextSafety.forbidden(in: option.value) != nil
                    || options.filter({ $0.value == option.value }).count > 1 {
                    throw fail("options[\(index)].value", "重複しない1〜20文字の選択肢にしてください")
                }
                return
            }
            let allowed = format == .eraCircle ? eras.eras.map(\.abbreviation) : [Sex.male.label, Sex.female.label]
            for (index, option) in options.enumerated() where !allowed.contains(option.value) {
                throw fail("options[\(index)].value", "\(allowed.joined(separator: "・")) のいずれかにしてください")
            }
            // Every value the field can take must be printable: a missing era would leave the year unmarked.
            let values = Set(options.map(\.value))
            if let missing = allowed.first(where: { !values.contains($0) }) {
                throw fail("options", "選択肢「\(missing)」がありません（\(allowed.joined(separator: "・")) のすべてが必要です）")
            }
        } else if options != nil {
            throw fail("options", "options は eraCircle, sexCircle, textCircle にだけ使えます")
        }
    }
}

extension BackgroundItem {
    fileprivate func validate(paper: Paper, file: String, entry: String) throws(SeedError) {
        func checkWidth(_ width: Double) throws(SeedError) {
            guard (0.05...5).contains(width) else {
                throw SeedError(file: file, entry: entry, field: "width", problem: "線の太さは 0.05〜5 mm にしてください")
            }
        }
        switch self {
        case .text(let text, let box, let fontSize, _):
            guard !text.isEmpty else { throw SeedError(file: file, entry: entry, field: "text", problem: "text が空です") }
            try box.validate(paper: paper, file: file, entry: entry, field: "box")
            guard FormLayout.fontSizes.contains(fontSize) else {
                throw SeedError(file: file, entry: entry, field: "fontSize", problem: "文字サイズは 4〜72 pt にしてください")
            }
        case .line(let from, let to, let width):
            for (name, point) in [("from", from), ("to", to)] where !(0...paper.width).contains(point.x) || !(0...paper.height).contains(point.y) {
                throw SeedError(file: file, entry: entry, field: name, problem: "用紙（\(paper.width)×\(paper.height) mm）の外です")
            }
            try checkWidth(width)
        case .rect(let box, let width), .ellipse(let box, let width):
            try box.validate(paper: paper, file: file, entry: entry, field: "box")
            try checkWidth(width)
        }
    }
}

extension MMRect {
    fileprivate func validate(paper: Paper, file: String, entry: String, field: String) throws(SeedError) {
        guard width >= FormLayout.minimumBoxSide, height >= FormLayout.minimumBoxSide else {
            throw SeedError(file: file, entry: entry, field: field, problem: "枠の幅と高さは 1 mm 以上にしてください")
        }
        guard isInside(paper.bounds) else {
            throw SeedError(file: file, entry: entry, field: field,
                            problem: "枠（x \(x), y \(y), 幅 \(width), 高さ \(height) mm）が用紙 \(paper.size.rawValue)（\(paper.width)×\(paper.height) mm）からはみ出しています")
        }
    }
}
