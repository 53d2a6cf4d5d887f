import Testing

/// Every test that uses the vpcd virtual readers lives in a suite nested in this one, so they never run
/// in parallel with each other (`extension VirtualReaderSuite { @Suite struct … }`).
@Suite(.serialized) struct VirtualReaderSuite {}
