import Foundation

/// The ideographic variation sequences (base + U+E0100…U+E01EF) a font file maps, read from its
/// `cmap` format 14 subtable.
///
/// HarfBuzz silently draws the base glyph for a sequence the font does not map, so the text layer
/// consults this table to pick a font that has the variant, or to refuse the text.
struct VariationSequenceTable: Sendable {
    /// Non-default mappings: `base << 32 | selector`.
    private var explicit: Set<UInt64> = []
    /// Default mappings (the base glyph is the variant): selector → ranges of bases.
    private var defaults: [UInt32: [ClosedRange<UInt32>]] = [:]

    /// True for the ideographic variation selectors VS17…VS256.
    static func isIdeographicSelector(_ scalar: Unicode.Scalar) -> Bool {
        (0xE0100...0xE01EF).contains(scalar.value)
    }

    /// True when the font maps `base` followed by `selector`.
    func contains(base: Unicode.Scalar, selector: Unicode.Scalar) -> Bool {
        if explicit.contains(UInt64(base.value) << 32 | UInt64(selector.value)) { return true }
        return defaults[selector.value]?.contains { $0.contains(base.value) } ?? false
    }

    /// Reads the table of a TrueType/OpenType file; an empty table when it has none or cannot be read.
    init(fontFile path: String) {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { return }
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            parse(bytes)
        }
    }

    private mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) {
        func read(_ offset: Int, _ size: Int) -> UInt32? {
            guard offset >= 0, offset + size <= bytes.count else { return nil }
            return (0..<size).reduce(UInt32(0)) { $0 << 8 | UInt32(bytes[offset + $1]) }
        }
        guard let tableCount = read(4, 2) else { return }
        var cmap: Int?
        for index in 0..<Int(tableCount) where read(12 + 16 * index, 4) == 0x636D_6170 {  // "cmap"
            cmap = read(12 + 16 * index + 8, 4).map(Int.init)
        }
        guard let cmap, let subtableCount = read(cmap + 2, 2) else { return }
        for index in 0..<Int(subtableCount) {
            let record = cmap + 4 + 8 * index
            guard let offset = read(record + 4, 4), read(cmap + Int(offset), 2) == 14 else { continue }
            parseFormat14(at: cmap + Int(offset), read)
            return
        }
    }

    private mutating func parseFormat14(at start: Int, _ read: (Int, Int) -> UInt32?) {
        guard let recordCount = read(start + 6, 4) else { return }
        for index in 0..<Int(recordCount) {
            let record = start + 10 + 11 * index
            guard let selector = read(record, 3), let defaultOffset = read(record + 3, 4),
                  let explicitOffset = read(record + 7, 4) else { return }
            if defaultOffset != 0, let rangeCount = read(start + Int(defaultOffset), 4) {
                for range in 0..<Int(rangeCount) {
                    let entry = start + Int(defaultOffset) + 4 + 4 * range
                    guard let first = read(entry, 3), let extra = read(entry + 3, 1) else { break }
                    defaults[selector, default: []].append(first...(first + extra))
                }
            }
            if explicitOffset != 0, let mappingCount = read(start + Int(explicitOffset), 4) {
                for mapping in 0..<Int(mappingCount) {
                    guard let base = read(start + Int(explicitOffset) + 4 + 5 * mapping, 3) else { break }
                    explicit.insert(UInt64(base) << 32 | UInt64(selector))
                }
            }
        }
    }
}
