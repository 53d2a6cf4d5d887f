import Foundation

/// A small, bounded RFC 4180 reader: UTF-8, a header line, fields separated by commas, quoted fields that
/// hold commas, doubled quotes and line breaks, lines ending in CRLF or LF.
///
/// Each record keeps the line it starts on, so an error names the row a person sees in an editor. A leading
/// byte-order mark is skipped. Nothing is trimmed or normalized: a field is exactly its bytes.
public struct CSVFile: Sendable {
    /// One record: its fields by column name, and the line it starts on.
    public struct Row: Sendable {
        /// The line of the file the record starts on (the header is line 1).
        public var line: Int
        /// The fields in header order.
        public var fields: [String]
    }

    /// The file's name in messages (e.g. `persons.csv`).
    public let name: String
    /// The column names of the header, in order.
    public let header: [String]
    /// The records after the header.
    public let rows: [Row]

    /// The most fields a record may have.
    public static let maximumColumns = 64
    /// The longest field, in Unicode scalars (a 身分事項 field holds several lines).
    public static let maximumFieldScalars = 20_000

    /// Parses `data` as the file `name`.
    public init(data: Data, name: String) throws(RegistryError) {
        self.name = name
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .brokenEncoding(file: name, row: Self.lineOfFirstInvalidByte(bytes))
        }
        var records = try Self.records(of: text, file: name)
        guard !records.isEmpty else { throw .malformedCSV(file: name, row: 1, problem: "見出し行がありません") }
        let head = records.removeFirst()
        header = head.fields
        for record in records where record.fields.count != header.count {
            throw .malformedCSV(file: name, row: record.line,
                                problem: "列の数（\(record.fields.count)）が見出し行（\(header.count)）と違います")
        }
        rows = records
    }

    /// The line holding the first byte that is not part of valid UTF-8.
    static func lineOfFirstInvalidByte(_ bytes: [UInt8]) -> Int {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length = byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
            if length == 0 || index + length > bytes.count
                || String(validating: bytes[index..<index + length], as: UTF8.self) == nil {
                break
            }
            index += length
        }
        return 1 + bytes[0..<index].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    private static func records(of text: String, file: String) throws(RegistryError) -> [Row] {
        var records: [Row] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var fieldScalars = 0
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedField = false     // the current field began with a quote
        var afterClosingQuote = false
        var recordHasContent = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endField() throws(RegistryError) {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            fieldScalars = 0
            quotedField = false
            afterClosingQuote = false
            guard fields.count <= maximumColumns else {
                throw .malformedCSV(file: file, row: recordLine, problem: "列が\(maximumColumns)を超えています")
            }
        }

        while let scalar = pending ?? scalars.next() {
            pending = nil
            if inQuotes {
                if scalar == "\"" {
                    let next = scalars.next()
                    if next == "\"" {
                        field.append("\"")
                        fieldScalars += 1
                    } else {
                        inQuotes = false
                        afterClosingQuote = true
                        pending = next
                    }
                    continue
                }
                if scalar == "\n" { line += 1 }
                field.append(scalar)
                fieldScalars += 1
                guard fieldScalars <= maximumFieldScalars else {
                    throw .malformedCSV(file: file, row: recordLine, problem: "項目が\(maximumFieldScalars)文字を超えています")
                }
                continue
            }
            switch scalar {
            case ",":
                try endField()
                recordHasContent = true
            case "\r":
                let next = scalars.next()
                guard next == "\n" else {
                    throw .malformedCSV(file: file, row: line, problem: "改行が CR だけです（CRLF か LF にしてください）")
                }
                pending = "\n"
            case "\n":
                if recordHasContent || !field.isEmpty || quotedField {
                    try endField()
                    records.append(Row(line: recordLine, fields: fields))
                }
                fields = []
                recordHasContent = false
                line += 1
                recordLine = line
            case "\"":
                guard field.isEmpty, !quotedField else {
                    throw .malformedCSV(file: file, row: line, problem: "引用符で囲まれていない項目に引用符があります")
                }
                inQuotes = true
                quotedField = true
                recordHasContent = true
            default:
                guard !afterClosingQuote else {
                    throw .malformedCSV(file: file, row: line, problem: "引用符の後に文字があります")
                }
                field.append(scalar)
                fieldScalars += 1
                recordHasContent = true
                guard fieldScalars <= maximumFieldScalars else {
                    throw .malformedCSV(file: file, row: recordLine, problem: "項目が\(maximumFieldScalars)文字を超えています")
                }
            }
        }
        if inQuotes { throw .malformedCSV(file: file, row: recordLine, problem: "引用符が閉じられていません") }
        if recordHasContent || !field.isEmpty || quotedField {
            try endField()
            records.append(Row(line: recordLine, fields: fields))
        }
        return records
    }
}
