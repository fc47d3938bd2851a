import BlockNumerics

/// What `NMF.fit(_:progress:)` found for a distributed `m × n` X: the factors as
/// distributed matrices on X's grid, and the same measures as the local `NMF.Result`.
///
/// `w` (`m × k`) has X's row blocks and one block column, so grid column 0 holds it;
/// `h` (`k × n`) has one block row and X's column blocks, so grid row 0 holds it. Gather
/// either with `gathered(root:)`.
public struct DistributedNMFResult<Scalar: ScaLAPACKScalar>: Sendable {
  /// The `m × k` non-negative left factor.
  public var w: DistributedMatrix<Scalar>
  /// The `k × n` non-negative right factor.
  public var h: DistributedMatrix<Scalar>
  /// `‖X − WH‖_F / ‖X‖_F` at the end (computed without forming `WH`); the same on every process.
  public var relativeError: Scalar
  /// The iterations run.
  public var iterations: Int
  /// Whether the stopping rule was met before `maxIterations`.
  public var converged: Bool
  /// The relative error after the initialization and then after every
  /// `errorCheckInterval` iterations, as the local `NMF.Result.errorHistory`.
  public var errorHistory: [Scalar]
  /// What this process sent during the iterations (the start and the final gather of `w`
  /// and `h` excluded), counted collective by collective; ``CommunicationVolume/divided(by:)``
  /// with ``iterations`` gives the volume per iteration.
  public var communication: CommunicationVolume
}
