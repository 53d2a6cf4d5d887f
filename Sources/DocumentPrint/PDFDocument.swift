import CPangoCairo
import Foundation

/// A PDF being drawn with Cairo and Pango, in millimetres from the top-left corner of the page.
///
/// Not thread-safe: one document is drawn by one task. Text uses the shared ``FontSet`` (fonts are
/// embedded as subsets). Call ``finish()`` once to get the bytes; nothing touches the disk.
public final class PDFDocument {
    /// The sheet every page uses.
    public let paper: Paper
    private let fonts: FontSet
    private let sink = Sink()
    private let surface: OpaquePointer
    private let cairo: OpaquePointer
    private var finished = false

    /// Collects the bytes Cairo writes.
    private final class Sink {
        var data = Data()
    }

    /// Starts a document on its first page (``newPage()`` adds more).
    public init(paper: Paper, fonts: FontSet? = nil) throws(DocumentPrintError) {
        self.paper = paper
        if let fonts {
            self.fonts = fonts
        } else {
            self.fonts = try FontSet.shared()
        }
        let write: cairo_write_func_t = { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
        surface = cairo_pdf_surface_create_for_stream(write, Unmanaged.passUnretained(sink).toOpaque(),
                                                      Units.points(paper.width), Units.points(paper.height))
        cairo = cairo_create(surface)
        cairo_set_source_rgb(cairo, 0, 0, 0)
        cairo_set_line_join(cairo, CAIRO_LINE_JOIN_MITER)
    }

    deinit {
        cairo_destroy(cairo)
        cairo_surface_destroy(surface)
    }

    /// Draws a straight line; `width` is the stroke width in mm.
    public func line(from start: MMPoint, to end: MMPoint, width: Double = 0.25) {
        cairo_move_to(cairo, Units.points(start.x), Units.points(start.y))
        cairo_line_to(cairo, Units.points(end.x), Units.points(end.y))
        stroke(width: width)
    }

    /// Draws a rectangle's outline (and fills it with `fillGray`, 0 black … 1 white, if given).
    public func rectangle(_ rect: MMRect, lineWidth: Double = 0.25, fillGray: Double? = nil) {
        cairo_rectangle(cairo, Units.points(rect.x), Units.points(rect.y), Units.points(rect.width), Units.points(rect.height))
        fillThenStroke(lineWidth: lineWidth, fillGray: fillGray)
    }

    /// Draws the ellipse inscribed in `rect` (a circle when it is square), e.g. around a printed choice.
    public func ellipse(in rect: MMRect, lineWidth: Double = 0.3, fillGray: Double? = nil) {
        cairo_new_path(cairo)
        cairo_save(cairo)
        cairo_translate(cairo, Units.points(rect.x + rect.width / 2), Units.points(rect.y + rect.height / 2))
        cairo_scale(cairo, Units.points(rect.width / 2), Units.points(rect.height / 2))
        cairo_arc(cairo, 0, 0, 1, 0, 2 * Double.pi)
        cairo_restore(cairo)
        fillThenStroke(lineWidth: lineWidth, fillGray: fillGray)
    }

    /// Fills, in black, the cells of a `columns` × `rows` grid laid over `rect` for which `filled(column, row)`
    /// is true (row 0 at the top): a bitmap such as a QR code's modules.
    ///
    /// The cells of a row that touch are one rectangle, and all are filled as one path, so a raster of the
    /// page shows no seams between neighbouring cells.
    public func fillCells(columns: Int, rows: Int, in rect: MMRect, filled: (_ column: Int, _ row: Int) -> Bool) {
        guard columns > 0, rows > 0 else { return }
        let cellWidth = rect.width / Double(columns), cellHeight = rect.height / Double(rows)
        cairo_new_path(cairo)
        for row in 0..<rows {
            var column = 0
            while column < columns {
                guard filled(column, row) else { column += 1; continue }
                let start = column
                while column < columns, filled(column, row) { column += 1 }
                cairo_rectangle(cairo, Units.points(rect.x + Double(start) * cellWidth), Units.points(rect.y + Double(row) * cellHeight),
                                Units.points(Double(column - start) * cellWidth), Units.points(cellHeight))
            }
        }
        cairo_set_source_rgb(cairo, 0, 0, 0)
        cairo_fill(cairo)
    }

    /// Draws `text` inside `box` following `style`, and reports where it went.
    ///
    /// Throws ``DocumentPrintError/missingGlyphs(_:)`` when the fonts lack a character and
    /// ``DocumentPrintError/textDoesNotFit`` when the overflow rule cannot make it fit; nothing is
    /// drawn in either case. The text is used exactly as given (no Unicode normalization).
    @discardableResult
    public func text(_ text: String, in box: MMRect, style: TextStyle) throws(DocumentPrintError) -> TextPlacement {
        try fonts.withLock { () throws(DocumentPrintError) -> TextPlacement in
            let fitted = try TextFitter(fonts: fonts, cairo: cairo).fit(text, in: box, style: style)
            defer { g_object_unref(UnsafeMutableRawPointer(fitted.layout)) }
            cairo_move_to(cairo, Units.points(fitted.origin.x), Units.points(fitted.origin.y))
            pango_cairo_show_layout(cairo, fitted.layout)
            cairo_new_path(cairo)
            return fitted.placement
        }
    }

    /// Draws `text` in `box`, cut with 「…」 until it fits when even the smallest size of `style` does not (a cell of a
    /// report table: a long note is shortened, never an error). Missing glyphs still throw.
    public func cutText(_ text: String, in box: MMRect, style: TextStyle) throws(DocumentPrintError) {
        var shown = text
        while true {
            do {
                try self.text(shown, in: box, style: style)
                return
            } catch {
                guard case .textDoesNotFit = error, shown.count > 2 else { throw error }
                shown = String(shown.prefix(shown.count * 2 / 3)) + "…"
            }
        }
    }

    /// Ends the current page and starts a new one on the same paper (a certificate of several sheets).
    public func newPage() {
        cairo_show_page(cairo)
    }

    /// Draws a PNG image (a seal's 印影) scaled to fit `rect`, centred, keeping its aspect ratio.
    ///
    /// Throws ``DocumentPrintError/cairo(_:)`` when the bytes are not a PNG Cairo can read; nothing is drawn then.
    public func image(png: [UInt8], in rect: MMRect) throws(DocumentPrintError) {
        final class Reader {
            let bytes: [UInt8]
            var offset = 0
            init(_ bytes: [UInt8]) { self.bytes = bytes }
        }
        let reader = Reader(png)
        let read: cairo_read_func_t = { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
            let reader = Unmanaged<Reader>.fromOpaque(closure).takeUnretainedValue()
            let count = Int(length)
            guard reader.offset + count <= reader.bytes.count else { return CAIRO_STATUS_READ_ERROR }
            reader.bytes.withUnsafeBufferPointer { buffer in
                data.update(from: buffer.baseAddress! + reader.offset, count: count)
            }
            reader.offset += count
            return CAIRO_STATUS_SUCCESS
        }
        guard let image = withExtendedLifetime(reader, {
            cairo_image_surface_create_from_png_stream(read, Unmanaged.passUnretained(reader).toOpaque())
        }) else { throw .cairo("png") }
        defer { cairo_surface_destroy(image) }
        let status = cairo_surface_status(image)
        let width = Double(cairo_image_surface_get_width(image)), height = Double(cairo_image_surface_get_height(image))
        guard status == CAIRO_STATUS_SUCCESS, width > 0, height > 0 else {
            throw .cairo(String(cString: cairo_status_to_string(status)))
        }
        let scale = min(Units.points(rect.width) / width, Units.points(rect.height) / height)
        cairo_save(cairo)
        cairo_translate(cairo, Units.points(rect.x + rect.width / 2) - width * scale / 2,
                        Units.points(rect.y + rect.height / 2) - height * scale / 2)
        cairo_scale(cairo, scale, scale)
        cairo_set_source_surface(cairo, image, 0, 0)
        cairo_paint(cairo)
        cairo_restore(cairo)
        cairo_set_source_rgb(cairo, 0, 0, 0)
    }

    /// Finishes the PDF and returns its bytes. The document cannot be drawn on afterwards.
    public func finish() throws(DocumentPrintError) -> Data {
        precondition(!finished, "PDFDocument.finish() called twice")
        finished = true
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw .cairo(String(cString: cairo_status_to_string(status)))
        }
        return sink.data
    }

    private func stroke(width: Double) {
        cairo_set_line_width(cairo, Units.points(width))
        cairo_stroke(cairo)
    }

    private func fillThenStroke(lineWidth: Double, fillGray: Double?) {
        if let fillGray {
            cairo_set_source_rgb(cairo, fillGray, fillGray, fillGray)
            cairo_fill_preserve(cairo)
            cairo_set_source_rgb(cairo, 0, 0, 0)
        }
        if lineWidth > 0 {
            stroke(width: lineWidth)
        } else {
            cairo_new_path(cairo)
        }
    }
}
