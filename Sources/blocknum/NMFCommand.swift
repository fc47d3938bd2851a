import ArgumentParser
import BlockNumerics
import Foundation

/// `blocknum nmf FILE --components k`: non-negative matrix factorization of a `.npy` or
/// `.mtx` file, W and H written as `.npy`.
struct NMFCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nmf", abstract: "Factor a non-negative matrix X ≈ W·H (NMF) from a .npy or .mtx file (or the bundled digits).")

  @Argument(help: ArgumentHelp("The matrix X. \(matrixArgumentHelp)"))
  var file: String

  @Option(help: "The number of components k, at least 1.")
  var components: Int

  @Option(help: "hals (coordinate descent, Frobenius) or mu (multiplicative updates).")
  var solver: SolverChoice = .hals

  @Option(help: "frobenius or kl (Kullback–Leibler; mu only).")
  var loss: LossChoice = .frobenius

  @Option(help: "nndsvd, nndsvda, nndsvdar or random.")
  var initialization: InitializationChoice = .nndsvda

  @Option(help: "The most iterations.")
  var maxIterations = 200

  @Option(help: "Stopping tolerance (0: run every iteration).")
  var tolerance = 1e-4

  @Option(help: "Seed for random initializations.")
  var seed: UInt64 = 0

  @Option(
    help: ArgumentHelp(
      "Fit a randomized sketch of X with this many columns beyond k instead of X itself (randomized HALS; frobenius only).",
      valueName: "oversampling"))
  var sketch: Int?

  @Option(help: "Directory to write W.npy and H.npy into.")
  var out: String?

  enum SolverChoice: String, ExpressibleByArgument, CaseIterable { case hals, mu }
  enum LossChoice: String, ExpressibleByArgument, CaseIterable { case frobenius, kl }
  enum InitializationChoice: String, ExpressibleByArgument, CaseIterable { case nndsvd, nndsvda, nndsvdar, random }

  func validate() throws {
    if components < 1 { throw ValidationError("--components must be at least 1, got \(components)") }
    if maxIterations < 0 { throw ValidationError("--max-iterations must be non-negative, got \(maxIterations)") }
    if !(tolerance >= 0) { throw ValidationError("--tolerance must be non-negative, got \(tolerance)") }
    if let sketch, sketch < 0 { throw ValidationError("--sketch must be non-negative, got \(sketch)") }
    if solver == .hals && loss == .kl { throw ValidationError("--loss kl needs --solver mu (HALS minimises the Frobenius loss)") }
    if sketch != nil && loss == .kl { throw ValidationError("--sketch fits the Frobenius loss only; drop --loss kl") }
  }

  func run() throws {
    let x = try readDenseMatrix(file)
    let start: NMF<Double>.Initialization
    switch initialization {
    case .nndsvd: start = .nndsvd
    case .nndsvda: start = .nndsvda
    case .nndsvdar: start = .nndsvdar(seed: seed)
    case .random: start = .random(seed: seed)
    }
    var nmf = NMF<Double>(
      components: components, solver: solver == .hals ? .hals : .multiplicativeUpdate,
      loss: loss == .kl ? .kullbackLeibler : .frobenius, initialization: start, maxIterations: maxIterations,
      tolerance: tolerance, compression: sketch.map { .randomized(oversampling: $0, seed: seed) } ?? .exact)
    nmf.errorCheckInterval = 10
    var bar = ProgressBar(total: maxIterations)
    let clock = ContinuousClock()
    let began = clock.now
    let fit = try nmf.fit(x) { iteration, error in
      bar.update(iteration, String(format: "relative error %.4e", error))
    }
    bar.update(fit.iterations, String(format: "relative error %.4e", fit.relativeError), force: true)
    bar.finish()
    let elapsed = seconds(clock.now - began)
    let sketched = sketch.map { ", sketch of k + \($0) columns" } ?? ""
    print("X \(x.shapeDescription), k = \(components), \(solver.rawValue)/\(loss.rawValue)\(sketched), \(fit.iterations) iterations"
      + "\(fit.converged ? " (converged)" : ""), relative error \(String(format: "%.6e", fit.relativeError)), "
      + String(format: "%.3f s", elapsed))
    if let out {
      try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
      try fit.w.writeNPY(to: (out as NSString).appendingPathComponent("W.npy"))
      try fit.h.writeNPY(to: (out as NSString).appendingPathComponent("H.npy"))
      print("wrote \(out)/W.npy (\(fit.w.shapeDescription)) and \(out)/H.npy (\(fit.h.shapeDescription))")
    }
  }
}
