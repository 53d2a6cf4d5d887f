import CounterCore
import Foundation

/// The 日計表 as text (screen, terminal), CSV (UTF-8 with BOM, opens in Excel) and JSON (scripts).
/// The PDF is drawn from ``lines`` too, so every output shows the same rows.
public enum DailyReportFormat {
    /// The report as titled sections of rows: the one layout every format follows.
    public static func sections(of report: DailyReport) -> [(title: String, rows: [[String]])] {
        var sections: [(String, [[String]])] = []
        var head: [[String]] = [["端末", report.terminalID], ["日付", report.day.iso],
                                ["支払件数", "\(report.paymentCount)"], ["取消件数", "\(report.cancellationCount)"]]
        if let seal = report.seal {
            head += [["締め", "済（\(timestamp(seal.closedAt))）"], ["締めた職員", seal.actor.id],
                     ["承認（係長）", seal.supervisorID], ["連鎖の先頭", seal.chainHead]]
        } else {
            head.append(["締め", "未（この表は途中経過です）"])
        }
        sections.append(("日計表", head))
        var cash: [[String]] = [["現金売上", report.cashSales.description], ["現金取消", report.cashCancellations.description]]
        if let count = report.count, let expected = report.expectedCash, let counted = report.countedCash,
           let overShort = report.overShort {
            cash.insert(["釣銭準備金", count.float.description], at: 0)
            cash.append(["あるべき現金", expected.description])
            cash += CashCount.denominations.map { ["\(Yen($0).grouped)円 の枚数", "\(count.counted.count(of: $0))"] }
            cash += [["数えた現金", counted.description], ["過不足", signed(overShort)]]
        }
        sections.append(("現金", cash))
        sections.append(("キャッシュレス", [["グループ", "売上", "取消", "差引", "決済端末の合計", "差額"]] + report.groups.map {
            [$0.group.label, $0.sales.description, $0.cancellations.description, $0.net.description,
             $0.terminalTotal?.description ?? "", $0.difference.map(signed) ?? ""]
        }))
        sections.append(("品目別", [["品目コード", "品目", "支払方法", "件数", "枚数", "金額", "取消枚数", "取消金額"]]
            + report.items.map {
                [$0.code, $0.label, $0.settlement.label, "\($0.payments)", "\($0.copies)", $0.amount.description,
                 "\($0.cancelledCopies)", $0.cancelledAmount.description]
            }))
        sections.append(("公用（免除）", [["品目コード", "品目", "枚数", "免除額"]] + report.exempt.map {
            [$0.code, $0.label, "\($0.copies)", $0.waived.description]
        }))
        sections.append(("取消", [["取消ID", "支払ID", "申請ID", "支払方法", "金額", "理由", "説明", "承認（係長）", "時刻"]]
            + report.cancellations.map {
                [$0.id.uuidString, $0.paymentID.uuidString, $0.requestID, $0.settlement.label, $0.amount.description,
                 $0.reasonLabel, $0.note ?? "", $0.supervisorID, timestamp($0.recordedAt)]
            }))
        return sections
    }

    /// Plain text: each section's title, then its rows with tab-separated fields.
    public static func text(_ report: DailyReport) -> String {
        sections(of: report).map { section in
            "【\(section.title)】\n" + section.rows.map { $0.joined(separator: "\t") }.joined(separator: "\n")
        }.joined(separator: "\n\n") + "\n"
    }

    /// CSV (RFC 4180, CRLF) in UTF-8 with a byte-order mark, so Excel reads the Japanese correctly.
    public static func csv(_ report: DailyReport) -> Data {
        let body = sections(of: report).flatMap { section in [[section.title]] + section.rows + [[]] }
            .map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\r\n")
        return Data([0xEF, 0xBB, 0xBF]) + Data(body.utf8)
    }

    /// JSON with amounts as integers (yen), for scripts.
    public static func json(_ report: DailyReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(ReportJSON(report))
    }

    /// `2026-12-01 10:15:00` in Japan.
    public static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .japan
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    private static func signed(_ yen: Yen) -> String { yen > .zero ? "+\(yen)" : yen.description }

    private static func csvField(_ field: String) -> String {
        // A leading = + - @ would be a formula in Excel: quote it as text.
        let needsQuotes = field.contains(where: { ",\"\r\n".contains($0) }) || field.first.map { "=+-@".contains($0) } == true
        guard needsQuotes else { return field }
        let quoted = field.first.map { "=+-@".contains($0) } == true ? "'" + field : field
        return "\"" + quoted.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The JSON shape of a report (amounts in yen as integers).
private struct ReportJSON: Encodable {
    struct Cash: Encodable {
        var sales: Int64, cancellations: Int64, float: Int64?, expected: Int64?, counted: Int64?, overShort: Int64?
        var pieces: [String: Int64]?
    }
    struct Group: Encodable {
        var group: String, sales: Int64, cancellations: Int64, net: Int64, terminalTotal: Int64?, difference: Int64?
    }
    struct Item: Encodable {
        var code: String, label: String, settlement: String, payments: Int, copies: Int, amount: Int64
        var cancelledCopies: Int, cancelledAmount: Int64
    }
    struct Exempt: Encodable { var code: String, label: String, copies: Int, waived: Int64 }
    struct Cancel: Encodable {
        var id: String, paymentId: String, requestId: String, settlement: String, amount: Int64, reason: String
        var note: String?, supervisor: String, at: String
    }
    struct Seal: Encodable { var id: String, closedAt: String, clerk: String, supervisor: String, chainHead: String }

    var terminal: String, day: String, payments: Int, cancellations: Int, cash: Cash
    var groups: [Group], items: [Item], exempt: [Exempt], cancelled: [Cancel], close: Seal?

    init(_ report: DailyReport) {
        terminal = report.terminalID
        day = report.day.iso
        payments = report.paymentCount
        cancellations = report.cancellationCount
        cash = Cash(sales: report.cashSales.amount, cancellations: report.cashCancellations.amount,
                    float: report.count?.float.amount, expected: report.expectedCash?.amount,
                    counted: report.countedCash?.amount, overShort: report.overShort?.amount,
                    pieces: report.count.map { count in
                        Dictionary(uniqueKeysWithValues: CashCount.denominations.map { ("\($0)", count.counted.count(of: $0)) })
                    })
        groups = report.groups.map {
            Group(group: $0.group.rawValue, sales: $0.sales.amount, cancellations: $0.cancellations.amount,
                  net: $0.net.amount, terminalTotal: $0.terminalTotal?.amount, difference: $0.difference?.amount)
        }
        items = report.items.map {
            Item(code: $0.code, label: $0.label, settlement: $0.settlement.name, payments: $0.payments, copies: $0.copies,
                 amount: $0.amount.amount, cancelledCopies: $0.cancelledCopies, cancelledAmount: $0.cancelledAmount.amount)
        }
        exempt = report.exempt.map { Exempt(code: $0.code, label: $0.label, copies: $0.copies, waived: $0.waived.amount) }
        cancelled = report.cancellations.map {
            Cancel(id: $0.id.uuidString, paymentId: $0.paymentID.uuidString, requestId: $0.requestID,
                   settlement: $0.settlement.name, amount: $0.amount.amount, reason: $0.reasonCode, note: $0.note,
                   supervisor: $0.supervisorID, at: DailyReportFormat.timestamp($0.recordedAt))
        }
        close = report.seal.map {
            Seal(id: $0.id.uuidString, closedAt: DailyReportFormat.timestamp($0.closedAt), clerk: $0.actor.id,
                 supervisor: $0.supervisorID, chainHead: $0.chainHead)
        }
    }
}
