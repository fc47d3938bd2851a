import Testing
@testable import BlockNumericsDistributed
