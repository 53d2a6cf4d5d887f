import CQREncode
import DocumentPrint
import Foundation

/// A QR code's modules: a square of `size` × `size`, without the quiet zone.
public struct QRMatrix: Equatable, Sendable {
    /// Modules per side (21 for version 1 … 177 for version 40).
    public let size: Int
    /// The QR version (1…40).
    public let version: Int
    /// Row-major, true for a dark module.
    public let modules: [Bool]

    /// A matrix from its modules (`modules.count` must be `size * size`).
    public init(size: Int, version: Int, modules: [Bool]) {
        precondition(modules.count == size * size, "a QR matrix is square")
        self.size = size
        self.version = version
        self.modules = modules
    }

    /// True when the module at `column`, `row` (0 at the top-left) is dark.
    public func isDark(column: Int, row: Int) -> Bool {
        modules[row * size + column]
    }

    /// The quiet zone every side needs, in modules (ISO/IEC 18004: 4).
    public static let quietZone = 4
}

/// Turns a text into a QR code with libqrencode: 8-bit mode, error-correction level M, the smallest version that fits.
public enum QRImage {
    /// The modules of the QR code holding exactly the bytes of `text` (UTF-8).
    public static func render(_ text: String) throws(QRError) -> QRMatrix {
        let bytes = Array(text.utf8)
        guard let code = bytes.withUnsafeBufferPointer({ buffer in
            QRcode_encodeData(Int32(buffer.count), buffer.baseAddress, 0, QR_ECLEVEL_M)
        }) else {
            throw .encodeFailed(errno: errno)
        }
        defer { QRcode_free(code) }
        let size = Int(code.pointee.width)
        let data = UnsafeBufferPointer(start: code.pointee.data, count: size * size)
        return QRMatrix(size: size, version: Int(code.pointee.version), modules: data.map { $0 & 1 == 1 })
    }
}

extension PDFDocument {
    /// Draws `matrix` as a square of `size` mm whose top-left corner is `origin`, the quiet zone included:
    /// the square is first painted white, then the modules are drawn inside a margin of 4 modules.
    ///
    /// For reliable scanning keep a module at least 0.25 mm (`size / (matrix.size + 8)`): ~25 mm for a
    /// typical certificate's code (version 16–20).
    public func drawQR(_ matrix: QRMatrix, at origin: MMPoint, size: Double) {
        let total = Double(matrix.size + 2 * QRMatrix.quietZone)
        let module = size / total
        rectangle(MMRect(x: origin.x, y: origin.y, width: size, height: size), lineWidth: 0, fillGray: 1)
        let inset = Double(QRMatrix.quietZone) * module
        let area = MMRect(x: origin.x + inset, y: origin.y + inset, width: module * Double(matrix.size),
                          height: module * Double(matrix.size))
        fillCells(columns: matrix.size, rows: matrix.size, in: area) { column, row in
            matrix.isDark(column: column, row: row)
        }
    }
}
