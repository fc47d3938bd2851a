import Foundation

// SwiftPM generates `Bundle.module` for a target with resources (the library bundles the
// digits data). scripts/fuzz compiles the library sources with swiftc directly, so the
// fuzzer binary gets this stand-in instead; the readers under test never load resources.
extension Bundle {
  static let module = Bundle.main
}
