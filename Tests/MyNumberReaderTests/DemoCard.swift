import Foundation
import MyNumberCardSim
import MyNumberReader

/// The repo's demo seeds, found from this file's path.
let demoSeeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("seeds/demo")

/// A demo profile by file stem (e.g. `takahashi-sakiko`).
func demoProfile(_ stem: String) throws -> CardProfile {
    try CardProfile.load(from: demoSeeds.appendingPathComponent("cards/\(stem).json"))
}

/// An in-process card for a demo profile, with a tracing transport in front of it.
func demoCard(_ stem: String, style: SimulatedCard.AnswerStyle = [], removeAfterAPDUs: Int? = nil)
    throws -> (card: SimulatedCard, transport: TracingTransport)
{
    let card = try SimulatedCard(profile: demoProfile(stem), style: style)
    return (card, TracingTransport(SimulatedCardTransport(card: card, removeAfterAPDUs: removeAfterAPDUs)))
}
