import DocumentPrint

/// The seal of one certificate page, for the issuance: the code text and the QR code that carries it.
public struct PageSeal: Sendable {
    /// The verification code (`CNT1:…`), as the QR code holds it and `counter certificate verify --code` takes it.
    public let codeText: String
    /// The QR code's modules, to draw with ``DocumentPrint/PDFDocument/drawQR(_:at:size:)``.
    public let matrix: QRMatrix
}

/// The one call the issuance makes per page: sign the page's content and turn it into a QR code.
public enum CertificateSeal {
    /// Signs `content` with the installation's `key` and renders its QR code (8-bit, level M).
    ///
    /// Throws ``SealContentError`` when the content breaks a bound of `docs/verification.md`, or
    /// ``QRError`` when the code cannot become a QR code: the issuance then stops, nothing is printed.
    public static func sealPage(content: SealedContent, key: SealKey) throws -> PageSeal {
        let text = try VerificationCode.make(content, key: key)
        return PageSeal(codeText: text, matrix: try QRImage.render(text))
    }
}
