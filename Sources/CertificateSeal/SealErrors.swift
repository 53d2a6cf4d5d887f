import CounterCore

/// Content that cannot be sealed: a bound of `docs/verification.md` is broken (nothing is signed).
public enum SealContentError: UserFacingError, Equatable {
    /// The 発行番号 is empty or longer than 128 bytes.
    case issueNumberLength(Int)
    /// More than 40 fields.
    case tooManyFields(Int)
    /// The key of field `index` (0-based) is not 1–32 of a–z, 0–9, `.`, `_`, `-`.
    case badKey(index: Int)
    /// A value is longer than 512 bytes of UTF-8.
    case valueTooLong(key: String, bytes: Int)
    /// The whole payload is longer than 1,200 bytes.
    case payloadTooLong(Int)
    /// The signing library refused to sign (never expected with a valid key).
    case signingFailed

    public var userMessage: String {
        switch self {
        case .signingFailed:
            Self.signingMessage
        case .issueNumberLength(let bytes):
            "発行番号が空か長すぎます（\(bytes)バイト、上限128バイト）。検証コードを作れないため発行を中止しました。"
        case .tooManyFields(let count):
            "検証コードに入れる項目が多すぎます（\(count)項目、上限40項目）。発行を中止しました。"
        case .badKey(let index):
            "検証コードの\(index + 1)番目の項目名が使えない形式です（半角英小文字・数字・.-_ の1〜32文字）。発行を中止しました。"
        case .valueTooLong(let key, let bytes):
            "検証コードの項目 \(key) が長すぎます（\(bytes)バイト、上限512バイト）。発行を中止しました。"
        case .payloadTooLong(let bytes):
            "検証コードの内容が長すぎます（\(bytes)バイト、上限1200バイト）。項目を減らしてください。発行を中止しました。"
        }
    }
}

/// Why a verification code is not valid (`VerificationCode.verify`).
public enum CodeFailure: UserFacingError, Equatable {
    /// The text does not start with `CNT1:`: not a code of this system (another QR code, a URL, garbage).
    case notOurCode
    /// After `CNT1:`, the text is not base64url, or its bytes break the encoding's rules.
    case malformed
    /// The code ends too early: a part of it is missing (a cut scan, a copy that lost its end).
    case truncated
    /// The payload's version byte is not one this program knows.
    case unsupportedVersion(UInt8)
    /// The code was signed by another installation's key (the fingerprint in the code is not this key's).
    case otherInstallation(fingerprint: String)
    /// The signature does not match the content: something in the code was changed.
    case tampered

    public var userMessage: String {
        switch self {
        case .notOurCode:
            "このシステムの検証コードではありません（CNT1: で始まっていません）。"
        case .malformed:
            "検証コードの形式が正しくありません。読み取り直すか、証明書の原本を確認してください。"
        case .truncated:
            "検証コードが途中で切れています。コード全体を読み取り直してください。"
        case .unsupportedVersion(let version):
            "このプログラムが知らない版の検証コードです（版 \(version)）。新しい版の counter で検証してください。"
        case .otherInstallation(let fingerprint):
            "別の設置先の鍵（指紋 \(fingerprint)）で署名された検証コードです。この公開鍵では有効と確認できません。"
        case .tampered:
            "署名が内容と一致しません。証明書の内容が書き換えられた可能性があります。"
        }
    }

    /// A short reason for 「無効（理由）」.
    public var shortReason: String {
        switch self {
        case .notOurCode: "検証コードではない"
        case .malformed: "形式不正"
        case .truncated: "途中で切れている"
        case .unsupportedVersion: "未対応の版"
        case .otherInstallation: "別の設置先の鍵"
        case .tampered: "改ざん"
        }
    }

    /// A stable identifier for scripts (`--json`).
    public var code: String {
        switch self {
        case .notOurCode: "notOurCode"
        case .malformed: "malformed"
        case .truncated: "truncated"
        case .unsupportedVersion: "unsupportedVersion"
        case .otherInstallation: "otherInstallation"
        case .tampered: "tampered"
        }
    }
}

/// A key file that cannot be made or used (`SealKey`); messages name the file, never a key byte.
public enum SealKeyError: UserFacingError, Equatable {
    /// `keys init` found a key already there: an installation's key is never replaced by accident.
    case alreadyExists(path: String)
    /// The key file is not there.
    case missing(path: String)
    /// The private key file (or its folder) can be read or written by the group or others.
    case permissions(path: String, mode: UInt16)
    /// The file is not a regular file of its own (a symbolic link, a folder, a device).
    case notRegularFile(path: String)
    /// The file has the wrong size or content for a key.
    case badContent(path: String)
    /// The file belongs to another user.
    case wrongOwner(path: String)
    /// The operating system refused (creating the folder, writing, reading).
    case io(path: String, errno: Int32)

    public var userMessage: String {
        switch self {
        case .alreadyExists(let path):
            "署名鍵 \(path) はすでにあります。設置先の鍵は上書きしません（作り直すには管理者が古い鍵を退避してください）。"
        case .missing(let path):
            "署名鍵のファイル \(path) がありません。counter keys init で作るか、鍵のフォルダ（公開鍵のファイル）の場所を指定し直してください。"
        case .permissions(let path, let mode):
            "署名鍵のファイル \(path) の権限が広すぎます（\(String(mode, radix: 8))）。所有者だけが読めるよう chmod 600（フォルダは 700）にしてください。"
        case .notRegularFile(let path):
            "署名鍵 \(path) が通常のファイルではありません（シンボリックリンクやフォルダは使えません）。"
        case .badContent(let path):
            "署名鍵のファイル \(path) の大きさか内容が鍵として正しくありません。"
        case .wrongOwner(let path):
            "署名鍵のファイル \(path) の所有者がこのユーザーではありません。"
        case .io(let path, let code):
            "署名鍵のファイル \(path) を読み書きできませんでした（errno \(code)）。"
        }
    }
}

/// A QR code that cannot be drawn or read.
public enum QRError: UserFacingError, Equatable {
    /// libqrencode could not encode the text (too long for one QR code, or out of memory).
    case encodeFailed(errno: Int32)
    /// The PDF could not be rasterized (pdftoppm missing or failing).
    case rasterizeFailed(String)
    /// The raster image could not be read (not a binary PGM).
    case badImage
    /// A page carries no verification code that could be read.
    case noCode(page: Int)

    public var userMessage: String {
        switch self {
        case .encodeFailed(let code):
            "検証コードを QR コードにできませんでした（errno \(code)）。内容が長すぎる可能性があります。"
        case .rasterizeFailed(let detail):
            "PDF を画像にできませんでした（\(detail)）。ファイルが PDF か、poppler-utils が入っているか確認してください。"
        case .badImage:
            "QR コードを読む画像の形式が正しくありません。"
        case .noCode(let page):
            "\(page)ページ目から検証コード（QR コード）を読み取れませんでした。"
        }
    }
}

extension SealContentError {
    /// The message when the signature itself could not be made (the crypto library refused).
    static let signingMessage = "検証コードの署名を作れませんでした。発行を中止しました。管理者に連絡してください。"
}
