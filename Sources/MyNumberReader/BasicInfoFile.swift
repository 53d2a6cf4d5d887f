import CounterCore

/// The basic-4-info file (EF 0002 of the card-info application) and how to read it.
///
/// Layout: `FF 20 len { DF 21 08 <four u16 offsets> DF 22 name DF 23 address DF 24 YYYYMMDD DF 25 sex }`,
/// UTF-8 text, offsets counted from the start of the file and pointing at the DF22..DF25 tags.
public enum BasicInfoFile {
    /// Tag of the whole record.
    public static let recordTag: UInt32 = 0xFF20
    /// Tag of the offset table.
    public static let offsetTableTag: UInt32 = 0xDF21
    /// Tags of name, address, birth date and sex, in file order.
    public static let fieldTags: [UInt32] = [0xDF22, 0xDF23, 0xDF24, 0xDF25]

    /// Parses the file into ``BasicInfo``, checking the offset table; strings are decoded as-is (no
    /// Unicode normalization).
    public static func parse(_ bytes: [UInt8]) throws(CardError) -> BasicInfo {
        let fields = try topLevelFields(bytes)
        guard let table = fields[offsetTableTag], table.value.count == 8 else {
            throw CardError.malformedData("基本4情報のオフセット表がありません")
        }
        let offsets = stride(from: 0, to: 8, by: 2).map { index in
            Int(table.value[table.valueOffset + index]) << 8 | Int(table.value[table.valueOffset + index + 1])
        }
        var values: [String] = []
        for (tag, offset) in zip(fieldTags, offsets) {
            guard let field = fields[tag] else { throw CardError.malformedData("基本4情報の項目 \(BERTLV.tagBytes(tag).hexString()) がありません") }
            guard field.offset == offset else { throw CardError.malformedData("基本4情報のオフセット表が内容と合いません") }
            guard let text = String(validating: field.value, as: UTF8.self) else {
                throw CardError.malformedData("基本4情報が UTF-8 ではありません")
            }
            values.append(text)
        }
        guard let birthDate = CalendarDate(yyyymmdd: values[2]) else { throw CardError.malformedData("生年月日の形式が違います") }
        return BasicInfo(name: values[0], address: values[1], birthDate: birthDate, sex: Sex(code: values[3]))
    }

    /// The children of the `FF 20` record, by tag.
    private static func topLevelFields(_ bytes: [UInt8]) throws(CardError) -> [UInt32: TLV] {
        do throws(TLVError) {
            let top = try BERTLV.parse(bytes)
            guard let record = top.first, record.tag == recordTag else { return [:] }
            let children = try BERTLV.children(of: record, in: bytes)
            return Dictionary(children.map { ($0.tag, $0) }, uniquingKeysWith: { first, _ in first })
        } catch {
            throw CardError.malformedData(error.userMessage)
        }
    }

    /// Encodes the file exactly as the card lays it out: offset table, fields, and a non-minimal `82 xx xx`
    /// length for the record once its content is longer than 127 bytes.
    public static func encode(_ info: BasicInfo) -> [UInt8] {
        let values: [[UInt8]] = [Array(info.name.utf8), Array(info.address.utf8), Array(info.birthDate.iso.utf8.filter { $0 != 0x2D }),
                                 Array(info.sex.code.utf8)]
        let encodedFields = zip(fieldTags, values).map { BERTLV.encode(tag: $0, value: $1) }
        let contentLength = 11 + encodedFields.reduce(0) { $0 + $1.count }
        let header = [UInt8](BERTLV.tagBytes(recordTag)) + BERTLV.encodeLength(contentLength, twoByteForm: contentLength > 0x7F)
        var offsets: [UInt8] = []
        var position = header.count + 11
        for field in encodedFields {
            offsets += [UInt8(position >> 8), UInt8(position & 0xFF)]
            position += field.count
        }
        return header + BERTLV.encode(tag: offsetTableTag, value: offsets) + encodedFields.flatMap { $0 }
    }
}
