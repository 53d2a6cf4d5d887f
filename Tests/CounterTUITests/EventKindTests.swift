import CounterCore
import CounterStore
import DocumentPrint
import FormPreprint
import MyNumberReader
import Testing

/// The error kinds stored in case events: stable `<area>.<case>` names, never the error's values.
@Suite("Event error kinds")
struct EventKindTests {
    static let cardErrors: [(CardError, String)] = [
        (.serviceNotRunning, "card.serviceNotRunning"), (.noReader, "card.noReader"),
        (.readerNotFound("Reader 髙橋"), "card.readerNotFound"), (.noCard, "card.noCard"),
        (.cardRemoved, "card.removed"), (.readerBusy, "card.readerBusy"), (.timeout, "card.timeout"),
        (.notMyNumberCard, "card.notMyNumberCard"), (.wrongPIN(triesLeft: 2), "card.wrongPIN"),
        (.pinBlocked, "card.pinBlocked"), (.invalidPINFormat, "card.invalidPINFormat"),
        (.securityStatusNotSatisfied, "card.securityStatusNotSatisfied"),
        (.malformedData("大阪府"), "card.malformedData"), (.unexpectedStatus(0x6F00), "card.unexpectedStatus"),
        (.pcscFailure(0x8010_0001), "card.pcscFailure"),
    ]

    @Test("every card error has its own kind, without its values")
    func cardKinds() {
        for (error, kind) in Self.cardErrors { #expect(errorKind(of: error) == kind) }
        #expect(Set(Self.cardErrors.map { errorKind(of: $0.0) }).count == Self.cardErrors.count)
        #expect(errorKind(of: TLVError.truncated(at: 3)) == "cardData.truncated")
        #expect(errorKind(of: TLVError.badLength(at: 3)) == "cardData.badLength")
        #expect(errorKind(of: TLVError.tagTooLong(at: 3)) == "cardData.tagTooLong")
        #expect(errorKind(of: JPKIAuthenticationError.certificateExpired) == "jpki.certificateExpired")
        #expect(errorKind(of: JPKIAuthenticationError.caCertificateUnreadable("/etc/ca.pem")) == "jpki.caCertificateUnreadable")
        #expect(errorKind(of: JPKIAuthenticationError.badSignature) == "jpki.badSignature")
    }

    @Test("print errors keep their kind when FormPreprint wraps them")
    func printKinds() {
        let stopped = PrintError.queueStopped("窓口1", reason: "用紙切れ")
        #expect(errorKind(of: stopped) == "print.queueStopped")
        #expect(errorKind(of: PreprintError.printFailed(form: "juminhyo-request", stopped)) == "print.queueStopped")
        #expect(errorKind(of: PrintError.cupsNotRunning) == "print.cupsNotRunning")
        #expect(errorKind(of: PrintError.submitFailed("窓口1", message: "x")) == "print.submitFailed")
        #expect(errorKind(of: PreprintError.renderFailed(form: "f", .textDoesNotFit)) == "document.textDoesNotFit")
        #expect(errorKind(of: DocumentPrintError.missingGlyphs(["髙"])) == "document.missingGlyphs")
        #expect(errorKind(of: PreprintError.fieldDoesNotFit(form: "f", field: "address")) == "preprint.fieldDoesNotFit")
        #expect(errorKind(of: PreprintError.unknownForm("f")) == "preprint.unknownForm")
    }

    @Test("store and clerk errors")
    func storeKinds() {
        #expect(errorKind(of: StoreError.busy) == "store.busy")
        #expect(errorKind(of: StoreError.cannotOpen(path: "/home/x.sqlite", reason: "r")) == "store.cannotOpen")
        #expect(errorKind(of: ClerkError.authenticationFailed) == "clerk.authenticationFailed")
        #expect(errorKind(of: ClerkError.alreadyExists(clerkID: "k.yamada")) == "clerk.alreadyExists")
    }

    @Test("an error that does not name its kind is 'other' with its type, never its values")
    func fallback() {
        enum Unnamed: Error { case failed(String) }
        #expect(errorKind(of: Unnamed.failed("大阪府大阪市")) == "other.Unnamed")
    }
}
