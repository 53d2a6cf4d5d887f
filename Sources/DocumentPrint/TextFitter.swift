import CPangoCairo

/// Lays text out in a box: chooses the font size and line breaks the style allows, checks glyphs.
struct TextFitter {
    let fonts: FontSet
    let cairo: OpaquePointer

    /// Shrinking steps down by this many points at a time.
    static let shrinkStep = 0.25

    /// A laid-out text (owned: the caller unrefs `layout`) and where it goes.
    struct Fitted {
        let layout: OpaquePointer
        let placement: TextPlacement
        /// Where the layout's origin goes so its text lands on `placement.frame`: Pango already shifts
        /// the lines of a wrapped (fixed-width) layout for centring and right alignment.
        let origin: MMPoint
    }

    func fit(_ text: String, in box: MMRect, style: TextStyle) throws(DocumentPrintError) -> Fitted {
        let variants = try variantFamilies(in: text)
        var size = style.fontSize
        while true {
            let layout = makeLayout(text, size: size, style: style, boxWidth: box.width, variants: variants)
            let unknown = pango_layout_get_unknown_glyphs_count(layout)
            if unknown > 0 {
                g_object_unref(UnsafeMutableRawPointer(layout))
                throw .missingGlyphs(text.unicodeScalars.filter { scalar in
                    !scalar.properties.isDefaultIgnorableCodePoint && !scalar.properties.isWhitespace && !fonts.covers(scalar)
                })
            }
            var logical = PangoRectangle()
            pango_layout_get_extents(layout, nil, &logical)
            let width = Units.millimetres(Double(logical.width) / Double(PANGO_SCALE))
            let height = Units.millimetres(Double(logical.height) / Double(PANGO_SCALE))
            let lines = Int(pango_layout_get_line_count(layout))
            let fits = width <= box.width + 0.001 && height <= box.height + 0.001
            if fits {
                let placement = place(width: width, height: height, lines: lines, size: size, in: box, style: style)
                let shift = MMPoint(x: Units.millimetres(Double(logical.x) / Double(PANGO_SCALE)),
                                    y: Units.millimetres(Double(logical.y) / Double(PANGO_SCALE)))
                return Fitted(layout: layout, placement: placement,
                              origin: MMPoint(x: placement.frame.x - shift.x, y: placement.frame.y - shift.y))
            }
            g_object_unref(UnsafeMutableRawPointer(layout))
            let next = size - TextFitter.shrinkStep
            guard style.overflow != .error, next >= style.minimumFontSize - 0.001 else {
                throw .textDoesNotFit
            }
            size = next
        }
    }

    private func place(width: Double, height: Double, lines: Int, size: Double, in box: MMRect, style: TextStyle) -> TextPlacement {
        let x: Double
        switch style.horizontal {
        case .left: x = box.x
        case .center: x = box.x + (box.width - width) / 2
        case .right: x = box.maxX - width
        }
        let y: Double
        switch style.vertical {
        case .top: y = box.y
        case .middle: y = box.y + (box.height - height) / 2
        }
        return TextPlacement(fontSize: size, lineCount: lines, frame: MMRect(x: x, y: y, width: width, height: height))
    }

    /// A byte range of the text that must be drawn in a given family.
    struct FamilyRange {
        let bytes: Range<Int>
        let family: String
    }

    /// For each ideographic variation sequence the default family lacks, the family that has it.
    /// Throws ``DocumentPrintError/missingGlyphs(_:)`` (base and selector) when no form font has it:
    /// drawing the base glyph instead would print a different character form without telling anyone.
    private func variantFamilies(in text: String) throws(DocumentPrintError) -> [FamilyRange] {
        var ranges: [FamilyRange] = []
        var missing: [Unicode.Scalar] = []
        var offset = 0
        var previous: (scalar: Unicode.Scalar, offset: Int)?
        for scalar in text.unicodeScalars {
            let length = UTF8.width(scalar)
            if VariationSequenceTable.isIdeographicSelector(scalar), let base = previous {
                switch fonts.familyIndex(base: base.scalar, selector: scalar) {
                case nil: missing += [base.scalar, scalar]
                case 0: break
                case let index?: ranges.append(FamilyRange(bytes: base.offset..<(offset + length), family: fonts.families[index]))
                }
            }
            previous = (scalar, offset)
            offset += length
        }
        guard missing.isEmpty else { throw .missingGlyphs(missing) }
        return ranges
    }

    private func makeLayout(_ text: String, size: Double, style: TextStyle, boxWidth: Double, variants: [FamilyRange]) -> OpaquePointer {
        let context = pango_font_map_create_context(fonts.fontMap)!
        defer { g_object_unref(UnsafeMutableRawPointer(context)) }
        pango_cairo_update_context(cairo, context)
        pango_context_set_round_glyph_positions(context, 0)
        let layout = pango_layout_new(context)!
        let description = pango_font_description_new()
        defer { pango_font_description_free(description) }
        pango_font_description_set_family(description, fonts.familyList)
        pango_font_description_set_absolute_size(description, size * Double(PANGO_SCALE))
        pango_layout_set_font_description(layout, description)
        if style.overflow == .wrap {
            pango_layout_set_width(layout, Int32(Units.points(boxWidth) * Double(PANGO_SCALE)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        }
        switch style.horizontal {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        }
        pango_layout_set_text(layout, text, -1)
        if !variants.isEmpty, let attributes = pango_attr_list_new() {
            for range in variants {
                let attribute = pango_attr_family_new(range.family)!
                attribute.pointee.start_index = guint(range.bytes.lowerBound)
                attribute.pointee.end_index = guint(range.bytes.upperBound)
                pango_attr_list_insert(attributes, attribute)
            }
            pango_layout_set_attributes(layout, attributes)
            pango_attr_list_unref(attributes)
        }
        return layout
    }
}
