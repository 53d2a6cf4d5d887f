import CounterCore

/// One BER-TLV element: its tag (all tag bytes, e.g. `0xFF20`), and where its value lies.
public struct TLV: Sendable, Equatable {
    /// The tag bytes as one number (`0xDF22`, `0xFF20`, `0x30`).
    public var tag: UInt32
    /// Offset of the first tag byte in the parsed buffer.
    public var offset: Int
    /// Offset of the first value byte in the parsed buffer.
    public var valueOffset: Int
    /// The value bytes.
    public var value: ArraySlice<UInt8>

    /// True when bit 6 of the first tag byte is set (the value holds further TLVs).
    public var isConstructed: Bool {
        var first = tag
        while first > 0xFF { first >>= 8 }
        return first & 0x20 != 0
    }
}

/// Why a TLV buffer could not be read.
public enum TLVError: UserFacingError, Equatable {
    /// The buffer ended inside a tag, a length or a value (at this offset).
    case truncated(at: Int)
    /// A length field that is not allowed (indefinite length or more than 4 length bytes).
    case badLength(at: Int)
    /// A tag longer than 4 bytes.
    case tagTooLong(at: Int)

    /// The Japanese message for the user: what happened and what to do.
    public var userMessage: String {
        switch self {
        case .truncated(let offset): return "カードのデータが途中で切れています（位置 \(offset)）。カードを置き直してやり直してください。"
        case .badLength(let offset): return "カードのデータの長さが不正です（位置 \(offset)）。カードを置き直してやり直してください。"
        case .tagTooLong(let offset): return "カードのデータのタグが不正です（位置 \(offset)）。カードを置き直してやり直してください。"
        }
    }
}

/// A lenient BER-TLV reader for card files: multi-byte tags, short and long lengths (also non-minimal
/// ones such as `82 00 9F`), filler bytes `00`/`FF` between or after elements.
///
/// Malformed input throws ``TLVError``; it never traps.
public enum BERTLV {
    /// Reads the tag and length at `offset`; returns the tag, the value offset and the value length.
    public static func header(in bytes: [UInt8], at offset: Int) throws(TLVError) -> (tag: UInt32, valueOffset: Int, length: Int) {
        var index = offset
        guard index < bytes.count else { throw .truncated(at: index) }
        var tag = UInt32(bytes[index])
        index += 1
        if tag & 0x1F == 0x1F {
            var tagBytes = 1
            repeat {
                guard index < bytes.count else { throw .truncated(at: index) }
                guard tagBytes < 4 else { throw .tagTooLong(at: offset) }
                tag = tag << 8 | UInt32(bytes[index])
                tagBytes += 1
                index += 1
            } while bytes[index - 1] & 0x80 != 0
        }
        guard index < bytes.count else { throw .truncated(at: index) }
        let first = bytes[index]
        index += 1
        var length = 0
        if first < 0x80 {
            length = Int(first)
        } else {
            let count = Int(first & 0x7F)
            guard count >= 1, count <= 4 else { throw .badLength(at: index - 1) }
            for _ in 0..<count {
                guard index < bytes.count else { throw .truncated(at: index) }
                length = length << 8 | Int(bytes[index])
                index += 1
            }
        }
        return (tag, index, length)
    }

    /// The total size (header + value) of the element starting at `offset`, from its header alone;
    /// used to learn how much of a file to read.
    public static func elementSize(in bytes: [UInt8], at offset: Int = 0) throws(TLVError) -> Int {
        let header = try header(in: bytes, at: offset)
        return header.valueOffset - offset + header.length
    }

    /// Reads the elements in `range` of `bytes` (the whole buffer by default), skipping `00`/`FF` filler
    /// where a tag would start.
    public static func parse(_ bytes: [UInt8], in range: Range<Int>? = nil) throws(TLVError) -> [TLV] {
        let range = range ?? 0..<bytes.count
        var elements: [TLV] = []
        var index = range.lowerBound
        let end = min(range.upperBound, bytes.count)
        while index < end {
            if bytes[index] == 0x00 || bytes[index] == 0xFF && (index + 1 >= end || !isTagContinuation(bytes, index, end)) {
                index += 1
                continue
            }
            let header = try header(in: Array(bytes[..<end]), at: index)
            let valueEnd = header.valueOffset + header.length
            guard valueEnd <= end else { throw .truncated(at: end) }
            elements.append(TLV(tag: header.tag, offset: index, valueOffset: header.valueOffset,
                                value: bytes[header.valueOffset..<valueEnd]))
            index = valueEnd
        }
        return elements
    }

    /// `FF` starts a tag only when a plausible length follows it (`FF 20 len`), otherwise it is filler.
    private static func isTagContinuation(_ bytes: [UInt8], _ index: Int, _ end: Int) -> Bool {
        index + 2 < end && bytes[index + 1] != 0xFF && bytes[index + 1] != 0x00
    }

    /// The children of a constructed element.
    public static func children(of element: TLV, in bytes: [UInt8]) throws(TLVError) -> [TLV] {
        try parse(bytes, in: element.valueOffset..<(element.valueOffset + element.value.count))
    }

    /// Encodes a length in the shortest form, or in the `82 xx xx` form when `twoByteForm` is set.
    public static func encodeLength(_ length: Int, twoByteForm: Bool = false) -> [UInt8] {
        if twoByteForm || length > 0xFF { return [0x82, UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] }
        if length >= 0x80 { return [0x81, UInt8(length)] }
        return [UInt8(length)]
    }

    /// Encodes one element with the tag's bytes followed by the shortest length form.
    public static func encode(tag: UInt32, value: [UInt8]) -> [UInt8] {
        tagBytes(tag) + encodeLength(value.count) + value
    }

    /// The bytes of a tag number (1 to 4 bytes, without leading zero bytes).
    public static func tagBytes(_ tag: UInt32) -> [UInt8] {
        var bytes: [UInt8] = []
        var rest = tag
        repeat {
            bytes.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        } while rest != 0
        return bytes
    }
}
