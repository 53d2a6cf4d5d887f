// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "counter",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "counter", targets: ["counter"]),
        .executable(name: "mynumber-card-sim", targets: ["mynumber-card-sim"]),
        .executable(name: "payment-terminal-sim", targets: ["payment-terminal-sim"]),
        .executable(name: "registry-demo-data", targets: ["registry-demo-data"]),
        .library(name: "MyNumberReader", targets: ["MyNumberReader"]),
        .library(name: "CounterCore", targets: ["CounterCore"]),
        .library(name: "DocumentPrint", targets: ["DocumentPrint"]),
        .library(name: "FormPreprint", targets: ["FormPreprint"]),
        .library(name: "CounterStore", targets: ["CounterStore"]),
        .library(name: "CashlessLedger", targets: ["CashlessLedger"]),
        .library(name: "CounterService", targets: ["CounterService"]),
        .library(name: "CounterKPI", targets: ["CounterKPI"]),
        .library(name: "CertificateIssue", targets: ["CertificateIssue"]),
        .library(name: "CounterTUI", targets: ["CounterTUI"]),
        .library(name: "MyNumberCardSim", targets: ["MyNumberCardSim"]),
        .library(name: "CounterFuzzing", targets: ["CounterFuzzing"]),
        .library(name: "CertificateSeal", targets: ["CertificateSeal"]),
        .library(name: "CounterCity", targets: ["CounterCity"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        // System libraries.
        .systemLibrary(name: "CPCSCLite", pkgConfig: "libpcsclite",
                       providers: [.apt(["libpcsclite-dev"])]),
        .systemLibrary(name: "CNCursesW", pkgConfig: "ncursesw",
                       providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo",
                       providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]),
        // libcups: IPP to cupsd in-process (Debian's libcups2-dev has no pkg-config file).
        .systemLibrary(name: "CCUPS", providers: [.apt(["libcups2-dev"])]),
        // QR codes of the certificates' verification codes: drawn with libqrencode, read back with libzbar.
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CZBar", pkgConfig: "zbar", providers: [.apt(["libzbar-dev"])]),
        // libpq, PostgreSQL's own client: the city database (docs/scale.md).
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),

        // Libraries.
        .target(name: "CounterCore"),
        .target(
            name: "MyNumberReader",
            dependencies: [
                "CPCSCLite", "CounterCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]),
        .target(
            name: "MyNumberCardSim",
            dependencies: [
                "MyNumberReader", "CounterCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]),
        .target(
            name: "CounterStore",
            dependencies: [
                "CounterCore", "DocumentPrint", "CashlessLedger", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]),
        .target(name: "DocumentPrint", dependencies: ["CPangoCairo", "CCUPS", "CounterCore"]),
        // Payments, never certificates: double-entry postings, the daily close, the payment-terminal seam.
        .target(name: "CashlessLedger", dependencies: ["CounterCore"]),
        // The simulated payment terminal (a process of its own): the kiosk, the demo and the tests use it.
        .target(name: "PaymentTerminalSim", dependencies: ["CashlessLedger"]),
        .target(name: "FormPreprint", dependencies: ["CounterCore", "DocumentPrint"]),
        // Certificates: the resident registry (persons, households, seals, koseki, fuhyo, tax, JPKI links).
        .target(name: "CertificateIssue",
                dependencies: ["CounterCore", "CounterStore", "DocumentPrint", .product(name: "GRDB", package: "GRDB.swift")]),
        // The verification code on every certificate page: canonical content, Ed25519 seal, QR in and out.
        .target(
            name: "CertificateSeal",
            dependencies: ["CounterCore", "DocumentPrint", "CQREncode", "CZBar",
                           .product(name: "Crypto", package: "swift-crypto")]),
        // The city database on PostgreSQL: its schema and roles, and the terminals' sync (docs/scale.md).
        .target(name: "CounterCity", dependencies: ["CLibPQ", "CounterCore", "CounterStore", "CertificateIssue", "CounterKPI",
                                                 .product(name: "GRDB", package: "GRDB.swift")]),
        // The KPIs: rollups kept by triggers beside the raw events, the figures, the reports (docs/kpi.md).
        .target(
            name: "CounterKPI",
            dependencies: ["CounterCore", "CounterStore", "CertificateIssue", "DocumentPrint", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(
            name: "CounterService",
            dependencies: ["CounterCore", "CounterStore", "MyNumberReader", "FormPreprint", "DocumentPrint",
                           "CashlessLedger", "CertificateIssue", "CertificateSeal", "CounterKPI", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "Crypto", package: "swift-crypto")]),
        // Fuzz targets of the parsers of outside input: bounded runs in `make test`, 10^6 in `make fuzz`.
        .target(
            name: "CounterFuzzing",
            dependencies: ["CounterCore", "CounterService", "MyNumberReader", "FormPreprint"]),
        .target(
            name: "CounterTUI",
            dependencies: ["CNCursesW", "CounterCore", "CounterService", "CounterStore", "MyNumberReader", "FormPreprint",
                           "DocumentPrint", "CashlessLedger", "CertificateIssue", "CounterKPI"]),

        // Executables: argument parsing and wiring only.
        .executableTarget(
            name: "mynumber-card-sim",
            dependencies: ["MyNumberCardSim", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "payment-terminal-sim",
            dependencies: ["PaymentTerminalSim", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Writes the demo registry (seeds/demo/registry): CSV files and seal images, the same bytes every run.
        .executableTarget(name: "registry-demo-data", dependencies: ["CounterCore", "CPangoCairo"]),
        .executableTarget(
            name: "counter",
            dependencies: [
                "CounterCore", "MyNumberReader", "CounterStore", "DocumentPrint", "FormPreprint", "CounterService",
                "CounterTUI", "CashlessLedger", "CertificateIssue", "CertificateSeal", "CounterKPI", "CounterCity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Tests mirror targets; IntegrationTests drive pcscd, CUPS and tmux. CounterTestSupport holds what
        // several test targets share: the process runner, the Poppler reader, the card slot, the fake printer.
        // The test process's global executor: an elastic pool, so a test that blocks never stalls the others.
        .target(name: "CWideTestExecutor", path: "Tests/CWideTestExecutor"),
        .target(
            name: "CounterTestSupport",
            dependencies: ["CWideTestExecutor", "CounterCity", "CounterCore", "CounterStore", "CounterService", "MyNumberReader", "MyNumberCardSim",
                           "DocumentPrint", "FormPreprint", "CashlessLedger", "CertificateIssue"],
            path: "Tests/CounterTestSupport"),
        .testTarget(name: "CounterCoreTests", dependencies: ["CounterCore"]),
        .testTarget(name: "CertificateIssueTests",
                    dependencies: ["CertificateIssue", "CounterCity", "CounterCore", "CounterStore", "CounterTestSupport",
                                   .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "CashlessLedgerTests", dependencies: ["CashlessLedger", "CounterCore", "CounterTestSupport"]),
        .testTarget(name: "MyNumberReaderTests", dependencies: ["MyNumberReader", "MyNumberCardSim", "CounterCore"]),
        .testTarget(name: "MyNumberCardSimTests", dependencies: ["MyNumberCardSim", "MyNumberReader"]),
        .testTarget(name: "CounterStoreTests", dependencies: ["CounterStore", "CounterCore", "DocumentPrint", "CounterTestSupport",
                                                            .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "DocumentPrintTests", dependencies: ["DocumentPrint", "CounterCore", "CounterTestSupport"]),
        .testTarget(name: "CertificateSealTests", dependencies: ["CertificateSeal", "DocumentPrint", "CounterCore",
                                                                "CounterTestSupport",
                                                                .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "FormPreprintTests", dependencies: ["FormPreprint", "DocumentPrint", "CounterCore", "CounterTestSupport"]),
        .testTarget(name: "CounterFuzzingTests", dependencies: ["CounterFuzzing", "CounterCore", "CounterTestSupport"]),
        .testTarget(name: "CounterServiceTests", dependencies: ["CounterService", "CounterCore", "CounterStore",
                                                              "MyNumberReader", "CounterTestSupport", "CashlessLedger",
                                                              "CertificateIssue", "CertificateSeal", "DocumentPrint", "FormPreprint",
                                                              .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "CounterKPITests", dependencies: ["CounterKPI", "CounterService", "CounterCore", "CounterStore",
                                                          "CashlessLedger", "CounterTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "CounterTUITests", dependencies: ["CounterTUI", "CounterService", "CounterCore", "CounterStore",
                                                          "FormPreprint", "DocumentPrint", "MyNumberReader",
                                                          "MyNumberCardSim", "CounterTestSupport", "CashlessLedger", "CertificateIssue",
                                                          "CertificateSeal", .product(name: "GRDB", package: "GRDB.swift")],
                    exclude: ["Golden"]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["MyNumberReader", "MyNumberCardSim", "CounterCore", "CounterStore", "CounterService",
                           "DocumentPrint", "FormPreprint", "CounterTestSupport", "CashlessLedger", "CertificateIssue", "CounterCity", "CounterKPI",
                           .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "X509", package: "swift-certificates")]),
    ],
    swiftLanguageModes: [.v6]
)
