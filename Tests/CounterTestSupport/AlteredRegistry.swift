import CertificateIssue
import CounterCore
import Foundation

/// A registry that answers as the demo registry does, except where the test changes a person: a name the font
/// lacks, a text too long for its box, or (once `swapped`) another person's record under the asked id, as in the
/// 2023–24 wrong-person incidents.
public final class AlteredRegistry: ResidentRegistry, @unchecked Sendable {
    /// The registry answered from.
    public let base: any ResidentRegistry
    private let lock = NSLock()
    private var changes: [String: (Person) -> Person] = [:]
    private var lookupsLeft: Int?

    /// After `count` more person lookups, every lookup fails (a database failing mid-use).
    public func failLookups(after count: Int) {
        lock.withLock { lookupsLeft = count }
    }

    /// The failure of ``failLookups(after:)``.
    public struct LookupFailed: Error {}

    /// Answers from `base`.
    public init(base: any ResidentRegistry) {
        self.base = base
    }

    /// From now on, the person `id` reads as `change` makes it.
    public func alter(_ id: String, _ change: @escaping (Person) -> Person) {
        lock.withLock { changes[id] = change }
    }

    public func person(id: String) throws -> Person? {
        let failing = lock.withLock { () -> Bool in
            guard let left = lookupsLeft else { return false }
            lookupsLeft = left - 1
            return left <= 0
        }
        if failing { throw LookupFailed() }
        let change = lock.withLock { changes[id] }
        return try base.person(id: id).map { change?($0) ?? $0 }
    }
    public func lookup(card: BasicInfo) throws -> CardLookup { try base.lookup(card: card) }
    public func search(_ query: ResidentQuery) throws -> [Person] { try base.search(query) }
    public func household(id: String) throws -> Household? { try base.household(id: id) }
    public func householdMembers(of householdID: String) throws -> [Person] { try base.householdMembers(of: householdID) }
    public func seals(of personID: String) throws -> [SealRegistration] { try base.seals(of: personID) }
    public func koseki(id: String) throws -> Koseki? { try base.koseki(id: id) }
    public func kosekiIDs(of personID: String) throws -> [String] { try base.kosekiIDs(of: personID) }
    public func fuhyo(ofKoseki kosekiID: String) throws -> [FuhyoLine] { try base.fuhyo(ofKoseki: kosekiID) }
    public func taxYears(of personID: String) throws -> [TaxYear] { try base.taxYears(of: personID) }
    public func person(jpkiIssuer issuer: String, serial: String) throws -> Person? { try base.person(jpkiIssuer: issuer, serial: serial) }
    public func individualNumber(of personID: String) throws -> String? { try base.individualNumber(of: personID) }
    public func counts() throws -> RegistryCounts { try base.counts() }
}

