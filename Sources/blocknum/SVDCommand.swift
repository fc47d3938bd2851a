import ArgumentParser
import BlockNumerics
import Foundation

/// `blocknum svd FILE [--rank k] [--driver gesvd|gesdd|randomized] [--out DIR]`: the
/// singular value decomposition of a `.npy` or `.mtx` file, U, S and Vt written as `.npy`.
struct SVDCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "svd", abstract: "Singular value decomposition A = U·diag(S)·Vt of a .npy or .mtx file.",
    discussion: """
      gesvd and gesdd run LAPACK on the dense matrix (thin vectors), then keep the top --rank \
      triplets if given. randomized (Halko, Martinsson & Tropp) needs --rank and works through \
      products alone: a Matrix Market coordinate file is read as a block-sparse matrix and \
      never densified.
      """)

  @Argument(help: ArgumentHelp("The matrix A. \(matrixArgumentHelp)"))
  var file: String

  @Option(help: "Keep only the top k singular triplets (required for randomized).")
  var rank: Int?

  @Option(help: "gesvd (QR iteration), gesdd (divide and conquer) or randomized.")
  var driver: DriverChoice = .gesvd

  @Option(help: "Randomized: extra test vectors beyond the rank.")
  var oversampling = 10

  @Option(help: "Randomized: power iterations.")
  var powerIterations = 4

  @Option(help: "Randomized: seed of the Gaussian test matrix.")
  var seed: UInt64 = 0

  @Option(help: "Randomized on a .mtx file: block size of the block-sparse matrix (default: the largest of 32, 16, 8, 4, 2, 1 dividing both dimensions).")
  var blockSize: Int?

  @Option(help: "Directory to write U.npy, S.npy (1-d) and Vt.npy into.")
  var out: String?

  @Option(help: "How many singular values to print.")
  var show = 10

  enum DriverChoice: String, ExpressibleByArgument, CaseIterable { case gesvd, gesdd, randomized }

  func validate() throws {
    if let rank, rank < 0 { throw ValidationError("--rank must be non-negative, got \(rank)") }
    if driver == .randomized && rank == nil { throw ValidationError("--driver randomized needs --rank k") }
    if let blockSize, blockSize < 1 { throw ValidationError("--block-size must be positive, got \(blockSize)") }
    if oversampling < 0 || powerIterations < 0 { throw ValidationError("--oversampling and --power-iterations must be non-negative") }
    if show < 0 { throw ValidationError("--show must be non-negative, got \(show)") }
  }

  func run() throws {
    let clock = ContinuousClock()
    let began = clock.now
    let svd: SVD<Double>
    let shape: String
    var lowRankNote: String?
    switch driver {
    case .gesvd, .gesdd:
      let a = try readDenseMatrix(file)
      shape = a.shapeDescription
      let requested: SVD<Double>.Driver = driver == .gesvd ? .gesvd : .gesdd
      let full = try SVD(a, driver: requested)
      svd = try rank.map { try full.truncated(rank: $0) } ?? full
      if let rank { lowRankNote = Self.eckartYoung(full.singularValues, rank: rank) }
      if full.driver != requested { print("note: gesdd did not converge; gesvd answered") }
    case .randomized:
      let k = rank ?? 0
      if file.hasSuffix(".mtx") {
        let entries = try MatrixMarket.coordinates(contentsOfFile: file, as: Double.self)
        let block = blockSize ?? [32, 16, 8, 4, 2, 1].first { entries.rows % $0 == 0 && entries.columns % $0 == 0 }!
        let s = try BlockSparseMatrix(entries, blockRows: block, blockColumns: block)
        shape = "\(s.rows)×\(s.columns) block-sparse (\(block)×\(block) blocks, \(s.storedBlockCount) stored)"
        svd = try SVD.randomized(s, rank: k, oversampling: oversampling, powerIterations: powerIterations, seed: seed)
      } else {
        let a = try readDenseMatrix(file)
        shape = a.shapeDescription
        svd = try SVD.randomized(a, rank: k, oversampling: oversampling, powerIterations: powerIterations, seed: seed)
      }
    }
    let elapsed = seconds(clock.now - began)
    print("A \(shape), \(driver.rawValue)\(rank.map { ", rank \($0)" } ?? ""): \(svd.singularValues.count) singular values, "
      + String(format: "%.3f s", elapsed) + " (reading included)")
    let shown = svd.singularValues.prefix(show).map { String(format: "%.6e", $0) }
    if !shown.isEmpty {
      print("S[0..<\(shown.count)] = " + shown.joined(separator: " ") + (svd.singularValues.count > show ? " …" : ""))
    }
    if let lowRankNote { print(lowRankNote) }
    if let out {
      try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
      let path = { (name: String) in (out as NSString).appendingPathComponent(name) }
      try svd.u.writeNPY(to: path("U.npy"))
      try NumPyFormat.write(vector: svd.singularValues, to: path("S.npy"))
      try svd.vt.writeNPY(to: path("Vt.npy"))
      print("wrote \(path("U.npy")) (\(svd.u.shapeDescription)), \(path("S.npy")) (\(svd.singularValues.count)), \(path("Vt.npy")) (\(svd.vt.shapeDescription))")
    }
  }

  /// The rank-k approximation's error from all singular values (Eckart–Young:
  /// ‖A − A_k‖_F² = Σ_{i>k} σ_i², the least any rank-k matrix reaches).
  private static func eckartYoung(_ sigma: [Double], rank: Int) -> String {
    let total = sigma.reduce(0) { $0 + $1 * $1 }
    let tail = sigma.dropFirst(rank).reduce(0) { $0 + $1 * $1 }
    guard total > 0 else { return "rank \(rank): A is zero, A_k = A" }
    return String(
      format: "rank %d keeps %.2f %% of ‖A‖²_F; ‖A − A_k‖_F / ‖A‖_F = %.4f (Eckart–Young: no rank-%d matrix is closer)",
      rank, 100 * (1 - tail / total), (tail / total).squareRoot(), rank)
  }
}
