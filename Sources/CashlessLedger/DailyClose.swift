import CounterCore
import Foundation

/// The close (日計) of one terminal's day as recorded: the report the supervisor approved, with its count.
public struct DailyClose: Sendable, Hashable {
    /// The close entry's id.
    public var id: UUID
    /// The clerk closing.
    public var actor: EventActor
    /// Where.
    public var channel: CaseChannel
    /// The approving supervisor.
    public var supervisorID: String
    /// When.
    public var closedAt: Date
    /// The day's report, computed with the count (``DailyReport/count`` is set).
    public var report: DailyReport

    /// A close of `report` (which must hold the count).
    public init(id: UUID = UUID(), actor: EventActor, channel: CaseChannel, supervisorID: String, closedAt: Date,
                report: DailyReport) {
        self.id = id
        self.actor = actor
        self.channel = channel
        self.supervisorID = supervisorID
        self.closedAt = closedAt
        self.report = report
    }
}
