import CounterCore
import DocumentPrint
import Foundation

/// Full (blank form + fields, for plain paper) or overlay (fields only, for pre-printed forms).
public enum PreprintMode: String, Sendable, Codable, CaseIterable {
    /// Fields only, shifted by the printer's calibration, for pre-printed paper.
    case overlay
    /// The whole form (background, printed choices, fields) on plain paper.
    case full
}

/// Draws a form for one person as a one-page PDF.
public struct FormRenderer: Sendable {
    /// The era table for 和暦 fields.
    public let eras: EraTable

    /// Creates a renderer.
    public init(eras: EraTable) {
        self.eras = eras
    }

    /// Renders `form` filled from `fill`; throws a ``PreprintError`` naming the form and the field.
    public func render(_ form: FormLayout, fill: FormFill, mode: PreprintMode,
                       calibration: PrinterCalibration = .zero) throws(PreprintError) -> Data {
        let document: PDFDocument
        do {
            document = try PDFDocument(paper: form.paper)
        } catch {
            throw .renderFailed(form: form.title, error)
        }
        if mode == .full { try drawBackground(form, on: document) }
        let shift = mode == .overlay ? calibration : .zero
        for field in form.fields {
            let value = try FieldValue.of(field, fill: fill, eras: eras, form: form.title)
            try draw(value, field: field, form: form, shift: shift, on: document)
        }
        do {
            return try document.finish()
        } catch {
            throw .renderFailed(form: form.title, error)
        }
    }

    private func drawBackground(_ form: FormLayout, on document: PDFDocument) throws(PreprintError) {
        for (index, item) in form.background.enumerated() {
            switch item {
            case .text(let text, let box, let fontSize, let align):
                do {
                    try document.text(text, in: box, style: TextStyle(fontSize: fontSize, horizontal: align, overflow: .error))
                } catch {
                    throw .backgroundDoesNotFit(form: form.title, item: index)
                }
            case .line(let from, let to, let width): document.line(from: from, to: to, width: width)
            case .rect(let box, let width): document.rectangle(box, lineWidth: width)
            case .ellipse(let box, let width): document.ellipse(in: box, lineWidth: width)
            }
        }
        // The printed choices (明・大・昭・平・令, 男・女) belong to the blank form.
        for field in form.fields where field.format != .textCircle {
            for option in field.options ?? [] {
                try text(option.value, in: option.box, style: TextStyle(fontSize: field.fontSize, horizontal: .center),
                         field: field, form: form, on: document)
            }
        }
    }

    private func draw(_ value: FieldValue, field: FormField, form: FormLayout, shift: PrinterCalibration,
                      on document: PDFDocument) throws(PreprintError) {
        switch value {
        case .choice(let chosen):
            // No choice applies (性別 適用不能): nothing to circle. A choice the form lacks is an error, never a blank.
            guard let chosen else { return }
            guard let option = field.options?.first(where: { $0.value == chosen }) else {
                throw .choiceMissing(form: form.title, field: field.label)
            }
            document.ellipse(in: option.box.offsetBy(dx: shift.x, dy: shift.y), lineWidth: 0.35)
        case .text(let text):
            guard !text.isEmpty else { return }
            let box = field.box.offsetBy(dx: shift.x, dy: shift.y)
            guard let cells = field.cells, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
                try self.text(text, in: box, style: field.style, field: field, form: form, on: document)
                return
            }
            // Digits go one per cell, right-aligned (「05」 is never invented: leading cells stay empty).
            let digits = Array(text)
            guard digits.count <= cells else { throw .fieldDoesNotFit(form: form.title, field: field.label) }
            let cellWidth = box.width / Double(cells)
            var style = field.style
            style.horizontal = .center
            for (offset, digit) in digits.enumerated() {
                let cell = cells - digits.count + offset
                let cellBox = MMRect(x: box.x + Double(cell) * cellWidth, y: box.y, width: cellWidth, height: box.height)
                try self.text(String(digit), in: cellBox, style: style, field: field, form: form, on: document)
            }
        }
    }

    private func text(_ text: String, in box: MMRect, style: TextStyle, field: FormField, form: FormLayout,
                      on document: PDFDocument) throws(PreprintError) {
        do {
            try document.text(text, in: box, style: style)
        } catch .textDoesNotFit {
            throw .fieldDoesNotFit(form: form.title, field: field.label)
        } catch .missingGlyphs(let characters) {
            throw .missingGlyphs(form: form.title, field: field.label, characters: characters)
        } catch {
            throw .renderFailed(form: form.title, error)
        }
    }
}
