import CounterCore

/// Why a document could not be drawn.
public enum DocumentPrintError: UserFacingError, Equatable {
    /// Neither IPAmj明朝 nor IPAex明朝 is installed.
    case formFontNotInstalled
    /// The text does not fit its box even at the smallest allowed size.
    case textDoesNotFit
    /// The form fonts have no glyph for these characters (the list may be empty when only the count is known).
    case missingGlyphs([Unicode.Scalar])
    /// Cairo reported an error while producing the PDF.
    case cairo(String)

    /// What happened and what to do, in Japanese.
    public var userMessage: String {
        switch self {
        case .formFontNotInstalled:
            return "帳票用のフォント（IPAmj明朝 または IPAex明朝）が見つかりません。fonts-ipamj-mincho をインストールしてください。"
        case .textDoesNotFit:
            return "文字が枠に収まらないため、印刷していません。文字を短くするか、手書きで記入してください。"
        case .missingGlyphs(let scalars):
            let list = scalars.map(\.codePointText).joined(separator: " ")
            let detail = list.isEmpty ? "" : "（\(list)）"
            return "帳票用フォントにない文字があるため\(detail)、印刷していません。手書きで記入してください。"
        case .cairo(let status):
            return "PDF を作成できませんでした（\(status)）。管理者に連絡してください。"
        }
    }
}

extension Unicode.Scalar {
    /// `U+9AD9` style code point text (not the character itself, so messages stay free of personal data).
    public var codePointText: String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
