/// Non-negative matrix factorization: `X ≈ W·H` with `W ≥ 0` (`m × k`) and `H ≥ 0`
/// (`k × n`) for a non-negative `m × n` matrix `X`, as scikit-learn's `NMF`.
///
/// Two solvers, both on the library's BLAS kernels for the large products (`X·Hᵀ`, `Xᵀ·W`,
/// `H·Hᵀ`, `Wᵀ·W`) with tight loops for the element updates:
/// - ``Solver/hals``: hierarchical alternating least squares, one exact non-negative
///   coordinate update per entry (fast HALS, Cichocki & Phan 2009; the same updates, in the
///   same order, as scikit-learn's `solver='cd'`). Frobenius loss only.
/// - ``Solver/multiplicativeUpdate``: multiplicative updates for the Frobenius or the
///   Kullback–Leibler loss (Lee & Seung 2001; scikit-learn's `solver='mu'`).
///
/// Regularization follows scikit-learn: `alphaW`, `alphaH` and `l1Ratio` add
/// `alphaW·n·(l1Ratio·‖W‖₁ + ½(1 − l1Ratio)·‖W‖²_F)` and
/// `alphaH·m·(l1Ratio·‖H‖₁ + ½(1 − l1Ratio)·‖H‖²_F)` to `½‖X − WH‖²_F`.
///
/// Stopping rule (as scikit-learn's): HALS stops when the projected-gradient norm of an
/// iteration falls to `tolerance` times that of the first; multiplicative updates check
/// every ``errorCheckInterval`` iterations (10 by default, as scikit-learn) and stop when the
/// loss decreased by less than `tolerance` times the initial loss. With `tolerance == 0`
/// both run exactly `maxIterations` iterations.
///
/// Results do not depend on `BLAS.threadCount`, from every initialization: a fit runs its
/// BLAS and LAPACK calls single-threaded (the start's SVD included) and splits the large
/// products by rows across the cores instead.
public struct NMF<Scalar: BLASScalar>: Sendable {
  /// How the factors are updated.
  public enum Solver: Sendable, Equatable {
    /// Hierarchical alternating least squares (coordinate descent); Frobenius loss only.
    case hals
    /// Multiplicative updates (Lee & Seung); Frobenius or Kullback–Leibler loss.
    case multiplicativeUpdate
  }

  /// What `W·H` is fitted to minimise.
  public enum Loss: Sendable, Equatable {
    /// `½‖X − WH‖²_F`.
    case frobenius
    /// The generalized Kullback–Leibler divergence `Σ x·log(x / y) − x + y`, `y = (WH)ᵢⱼ`.
    case kullbackLeibler
  }

  /// What the solver reads on every iteration: `X` itself, or a randomized low-rank sketch.
  public enum Compression: Sendable, Equatable {
    /// Every iteration multiplies by `X` itself: `O(m·n·k)` per iteration.
    case exact
    /// Randomized HALS (Erichson, Mendible, Wihlborn & Kutz 2018): `X` is sketched once as
    /// `Q·B` (`Q` `m × ℓ` orthonormal, `B = Qᵀ·X`, `ℓ = k + oversampling`, found by a
    /// randomized range finder with `powerIterations` rounds of `X·Xᵀ`) and the solver runs
    /// on the sketch: `O((m + n)·ℓ·k)` per iteration instead of `O(m·n·k)`. The factors stay
    /// exactly non-negative; the fit is to the sketch, so the error can exceed the exact
    /// solver's by the part of `X` outside the sketch (negligible when `X`'s spectrum
    /// decays fast beyond `ℓ`). Frobenius loss only. ``Result/relativeError`` is measured
    /// on `X` itself, ``Result/errorHistory`` estimates it from the sketch.
    case randomized(oversampling: Int = 20, powerIterations: Int = 4, seed: UInt64 = 0)
  }

  /// How the factors start.
  public enum Initialization: Sendable {
    /// Half-normal random entries, `|N(0, 1)|·sqrt(mean(X) / k)`, as scikit-learn's `'random'`
    /// (so `W·H` has about `X`'s mean).
    case random(seed: UInt64)
    /// Non-negative double SVD (Boutsidis & Gallopoulos 2008), zeros kept: sparse factors.
    case nndsvd
    /// NNDSVD with zeros replaced by the mean of `X`: better for dense data and
    /// multiplicative updates, which cannot move an entry away from zero.
    case nndsvda
    /// NNDSVD with zeros replaced by small random values (`mean(X) / 100` scale).
    case nndsvdar(seed: UInt64)
    /// Given factors: `w` is `m × k` and `h` is `k × n`, both non-negative.
    case custom(w: Matrix<Scalar>, h: Matrix<Scalar>)
  }

  /// The rank `k` of the factorization.
  public var components: Int
  /// The update rule.
  public var solver: Solver
  /// The loss; ``Solver/hals`` supports only ``Loss/frobenius``.
  public var loss: Loss
  /// The starting factors; `nil` means ``Initialization/nndsvda`` when
  /// `components ≤ min(m, n)` and ``Initialization/random(seed:)`` with seed 0 otherwise
  /// (scikit-learn's default).
  public var initialization: Initialization?
  /// The most iterations run.
  public var maxIterations: Int
  /// The stopping tolerance (see the type's description); 0 runs every iteration.
  public var tolerance: Scalar
  /// Regularization strength of `W`.
  public var alphaW: Scalar
  /// Regularization strength of `H`.
  public var alphaH: Scalar
  /// The share of L1 in the regularization, in `[0, 1]`.
  public var l1Ratio: Scalar
  /// Whether `fit` reads `X` on every iteration or a randomized sketch of it
  /// (``Compression/exact`` by default). ``transform(_:w:)`` always reads `X`: with `W`
  /// fixed it needs `Xᵀ·W` only once.
  public var compression: Compression

  /// An NMF configuration; defaults as scikit-learn's (`maxIterations` 200, `tolerance` 1e-4,
  /// no regularization), and exact (no sketch).
  public init(
    components: Int, solver: Solver = .hals, loss: Loss = .frobenius, initialization: Initialization? = nil,
    maxIterations: Int = 200, tolerance: Scalar = 1e-4, alphaW: Scalar = 0, alphaH: Scalar = 0, l1Ratio: Scalar = 0,
    compression: Compression = .exact
  ) {
    self.components = components
    self.solver = solver
    self.loss = loss
    self.initialization = initialization
    self.maxIterations = maxIterations
    self.tolerance = tolerance
    self.alphaW = alphaW
    self.alphaH = alphaH
    self.l1Ratio = l1Ratio
    self.compression = compression
  }

  /// What `fit(_:progress:)` found.
  public struct Result: Sendable {
    /// The `m × k` non-negative left factor.
    public var w: Matrix<Scalar>
    /// The `k × n` non-negative right factor.
    public var h: Matrix<Scalar>
    /// `‖X − WH‖_F / ‖X‖_F` at the end (computed without forming `WH`), on `X` itself also
    /// with a ``Compression/randomized(oversampling:powerIterations:seed:)`` sketch.
    public var relativeError: Scalar
    /// The iterations run.
    public var iterations: Int
    /// Whether the stopping rule was met before `maxIterations`.
    public var converged: Bool
    /// The relative error after the initialization and then after every
    /// ``NMF/errorCheckInterval`` iterations, for plotting convergence.
    public var errorHistory: [Scalar]
  }

  /// How often the relative error is recorded in ``Result/errorHistory`` (and, for
  /// multiplicative updates, the stopping rule checked), in iterations.
  public var errorCheckInterval: Int = 10
}
