import BlockNumerics
@testable import BlockNumericsDistributed

// Distributed results against the local library on the same data, for Float (relative
// tolerance 1e-4) and Double (1e-12), on every test grid, for shapes around the block size,
// tall and wide, with processes that hold nothing.

/// `(rows, columns, blockRows, blockColumns)` for entry-wise tests and redistribution.
let layoutCases: [(Int, Int, Int, Int)] = [
  (1, 1, 1, 1), (7, 5, 2, 3), (16, 16, 8, 8), (17, 15, 8, 8), (3, 40, 4, 4),
  (40, 3, 4, 4), (300, 200, 32, 32), (2, 9, 5, 2), (0, 4, 2, 2),
]

/// `(m, k, n)` products with the three operands' block sizes.
let productCases: [(m: Int, k: Int, n: Int, a: (Int, Int), b: (Int, Int), c: (Int, Int))] = [
  (37, 23, 29, (8, 5), (5, 8), (8, 8)),
  (300, 200, 100, (32, 32), (32, 32), (32, 32)),
  (5, 64, 3, (4, 4), (4, 4), (4, 4)),          // the wide left factor; most processes hold little
  (64, 3, 100, (16, 7), (3, 11), (6, 4)),      // different block sizes everywhere
  (3, 7, 2, (4, 4), (4, 4), (4, 4)),           // one block: every process but (0, 0) holds nothing
  (9, 0, 6, (2, 2), (2, 2), (3, 3)),           // empty inner dimension: C = beta·C
]

func distributedMatrixTests<Scalar: ScaLAPACKScalar>(_ runner: inout TestRunner, _: Scalar.Type, tolerance: Scalar) throws {
  let world = runner.world
  let grids = try testGrids(world)
  let type = "\(Scalar.self)"
  let root = world.size - 1   // outside some grids: gathers and scatters through it too

  runner.test("layout: element fill, gather, local blocks (\(type))") { t in
    for grid in grids {
      for (rows, columns, mb, nb) in layoutCases {
        let what = "\(rows)×\(columns) in \(mb)×\(nb) on \(grid.shapeDescription)"
        let a: DistributedMatrix<Scalar> = try distributedMatrix(rows, columns, seed: 1, blocks: (mb, nb), grid: grid)
        let expected: Matrix<Scalar> = localMatrix(rows, columns, seed: 1)
        let gathered = try a.gathered(root: root)
        t.check(world.rank == root ? gathered == expected : gathered == nil, "\(what): gathered differs")
        var covered = 0
        for block in a.localBlocks {
          covered += block.values.count
          for i in block.rows {
            for j in block.columns where block.values[i - block.rows.lowerBound, j - block.columns.lowerBound] != expected[i, j] {
              t.check(false, "\(what): local block (\(block.blockRow), \(block.blockColumn)) differs at [\(i), \(j)]")
            }
          }
        }
        t.check(try world.allReduce(covered, .sum) == rows * columns, "\(what): local blocks do not cover the matrix once")
        t.check(a.localMatrix.count == a.localRows * a.localColumns, "\(what): local matrix shape")
        t.check(grid.containsThisProcess || (a.localRows == 0 && a.localColumns == 0), "\(what): a process outside the grid holds entries")
      }
    }
  }

  runner.test("layout: a process that holds nothing (\(type))") { t in
    // 3 rows in blocks of 4: only process row 0 has rows; the others hold 0 × c matrices.
    let grid = try ProcessGrid(world, rows: world.size, columns: 1)
    let a: DistributedMatrix<Scalar> = try distributedMatrix(3, 5, seed: 2, blocks: (4, 4), grid: grid)
    t.check(grid.row == 0 ? a.localRows == 3 : a.localRows == 0, "local rows \(a.localRows) on grid row \(grid.row ?? -1)")
    let product = try a.multiplied(by: try a.transposed)
    let expected: Matrix<Scalar> = localMatrix(3, 5, seed: 2)
    let gathered = try product.gathered(root: 0)
    if world.rank == 0 { t.check(gathered!.isApproximatelyEqual(to: expected * expected.transposed, tolerance: tolerance), "A·Aᵀ differs") }
    let svd = try a.svd()
    let values = try expected.singularValues()
    t.check(zip(svd.singularValues, values).allSatisfy { abs($0 - $1) <= tolerance * 10 * values[0] }, "singular values differ")
  }

  runner.test("scatter and BlockMatrix (\(type))") { t in
    for grid in grids {
      for (rows, columns, mb, nb) in layoutCases {
        let what = "\(rows)×\(columns) in \(mb)×\(nb) on \(grid.shapeDescription)"
        let expected: Matrix<Scalar> = localMatrix(rows, columns, seed: 3)
        let scattered = try DistributedMatrix(scattering: world.rank == root ? expected : nil, root: root, blockRows: mb, blockColumns: nb, grid: grid)
        let filled: DistributedMatrix<Scalar> = try distributedMatrix(rows, columns, seed: 3, blocks: (mb, nb), grid: grid)
        t.check(scattered.localMatrix == filled.localMatrix, "\(what): scattered share differs from the filled one")
        guard rows > 0 && columns > 0 else { continue }
        var blocks = try BlockMatrix(expected, partition: .uniform(rows: rows, columns: columns, blockRows: mb, blockColumns: nb))
        if blocks.blockRowCount > 1 { blocks.removeBlock(blockRow: 1, blockColumn: 0) }   // absent: zeros
        let fromBlocks = try DistributedMatrix(blocks, grid: grid)
        let gathered = try fromBlocks.gathered(root: 0)
        if world.rank == 0 { t.check(gathered == blocks.assembled(), "\(what): from BlockMatrix differs") }
      }
    }
  }

  runner.test("products: p?gemm against Matrix * (\(type))") { t in
    for grid in grids {
      for c in productCases {
        let what = "\(c.m)×\(c.k)·\(c.k)×\(c.n) on \(grid.shapeDescription)"
        let a: DistributedMatrix<Scalar> = try distributedMatrix(c.m, c.k, seed: 4, blocks: c.a, grid: grid)
        let b: DistributedMatrix<Scalar> = try distributedMatrix(c.k, c.n, seed: 5, blocks: c.b, grid: grid)
        let la: Matrix<Scalar> = localMatrix(c.m, c.k, seed: 4)
        let lb: Matrix<Scalar> = localMatrix(c.k, c.n, seed: 5)
        let product = try a.multiplied(by: b).gathered(root: root)
        if world.rank == root { t.check(product!.isApproximatelyEqual(to: la * lb, tolerance: tolerance), "\(what): A·B differs") }

        // Fused, transposed operands, alpha and beta, into a C of its own block size.
        let at = try a.transposed
        let bt = try b.transposed
        var cd: DistributedMatrix<Scalar> = try distributedMatrix(c.m, c.n, seed: 6, blocks: c.c, grid: grid)
        try DistributedMatrix.multiply(at, bt, transposeA: true, transposeB: true, alpha: 0.5, beta: 2, into: &cd)
        var expected: Matrix<Scalar> = localMatrix(c.m, c.n, seed: 6)
        try Matrix.multiply(la, lb, alpha: 0.5, beta: 2, into: &expected)
        let fused = try cd.gathered(root: 0)
        if world.rank == 0 { t.check(fused!.isApproximatelyEqual(to: expected, tolerance: tolerance), "\(what): 0.5·(Aᵀ)ᵀ·(Bᵀ)ᵀ + 2·C differs") }
      }
    }
  }

  runner.test("transpose, arithmetic, norm (\(type))") { t in
    for grid in grids {
      for (rows, columns, mb, nb) in layoutCases {
        let what = "\(rows)×\(columns) in \(mb)×\(nb) on \(grid.shapeDescription)"
        let a: DistributedMatrix<Scalar> = try distributedMatrix(rows, columns, seed: 7, blocks: (mb, nb), grid: grid)
        let b: DistributedMatrix<Scalar> = try distributedMatrix(rows, columns, seed: 8, blocks: (mb, nb), grid: grid)
        let la: Matrix<Scalar> = localMatrix(rows, columns, seed: 7)
        let lb: Matrix<Scalar> = localMatrix(rows, columns, seed: 8)
        let transposed = try a.transposed
        t.check(transposed.rows == columns && transposed.blockRows == nb, "\(what): transposed layout \(transposed.layout)")
        let gathered = try transposed.gathered(root: 0)
        if world.rank == 0 { t.check(gathered == la.transposed, "\(what): transposed differs") }
        let sum = try a.adding(b.scaled(by: 3)).subtracting(b).gathered(root: 0)
        if world.rank == 0 { t.check(sum!.isApproximatelyEqual(to: la + lb * 2, tolerance: tolerance), "\(what): A + 3B − B differs") }
        let norm = try a.frobeniusNorm
        t.check(abs(norm - la.frobeniusNorm) <= tolerance * max(1, la.frobeniusNorm), "\(what): norm \(norm), expected \(la.frobeniusNorm)")
        t.check(Set(try world.allGather(Double(norm))).count == 1, "\(what): processes see different norms")
        var relabeled = a
        relabeled.updateLocalEntries { i, j, _ in Scalar(i * 1000 + j) }
        let labels = try relabeled.gathered(root: 0)
        if world.rank == 0 && rows * columns > 0 {
          t.check(labels![rows - 1, columns - 1] == Scalar((rows - 1) * 1000 + columns - 1) && labels![0, 0] == 0, "\(what): global coordinates")
        }
      }
    }
  }

  runner.test("redistribution: p?gemr2d between block sizes and grids (\(type))") { t in
    for source in grids {
      for target in grids {
        for (rows, columns, mb, nb) in layoutCases {
          let what = "\(rows)×\(columns) from \(mb)×\(nb) on \(source.shapeDescription) to \(target.shapeDescription)"
          let a: DistributedMatrix<Scalar> = try distributedMatrix(rows, columns, seed: 9, blocks: (mb, nb), grid: source)
          let moved = try a.redistributed(blockRows: nb + 1, blockColumns: mb, grid: target)
          let expected: DistributedMatrix<Scalar> = try distributedMatrix(rows, columns, seed: 9, blocks: (nb + 1, mb), grid: target)
          t.check(moved.localMatrix == expected.localMatrix && moved.grid === target, "\(what): share differs")
        }
      }
    }
  }

  runner.test("SVD: p?gesvd against LAPACK (\(type))") { t in
    let shapes: [(Int, Int, Int, Int)] = [(40, 17, 5, 5), (17, 40, 4, 7), (30, 30, 8, 8), (300, 200, 64, 16), (1, 6, 2, 2)]
    for grid in grids {
      for (rows, columns, mb, nb) in shapes {
        let what = "\(rows)×\(columns) in \(mb)×\(nb) on \(grid.shapeDescription)"
        let a: DistributedMatrix<Scalar> = try distributedMatrix(rows, columns, seed: 10, blocks: (mb, nb), grid: grid)
        let la: Matrix<Scalar> = localMatrix(rows, columns, seed: 10)
        let expected = try la.singularValues()
        let svd = try a.svd()
        t.check(svd.singularValues.count == expected.count, "\(what): \(svd.singularValues.count) values")
        t.check(zip(svd.singularValues, expected).allSatisfy { abs($0 - $1) <= tolerance * expected[0] }, "\(what): singular values differ")
        t.check(Set(try world.allGather(svd.singularValues.map(Double.init))).count == 1, "\(what): processes hold different singular values")
        let r = min(rows, columns)
        let u = try svd.u!.gathered(root: root)
        let vt = try svd.vt!.gathered(root: root)
        if world.rank == root {
          let (u, vt) = (u!, vt!)
          t.check(u.rows == rows && u.columns == r && vt.rows == r && vt.columns == columns, "\(what): U \(u.shapeDescription), Vᵀ \(vt.shapeDescription)")
          var scaled = u
          for i in 0..<rows { for j in 0..<r { scaled[i, j] *= svd.singularValues[j] } }
          t.check((scaled * vt).isApproximatelyEqual(to: la, tolerance: tolerance * 10), "\(what): U·Σ·Vᵀ differs from A")
          t.check((u.transposed * u).isApproximatelyEqual(to: .identity(r), tolerance: tolerance * 10), "\(what): UᵀU ≠ I")
          t.check((vt * vt.transposed).isApproximatelyEqual(to: .identity(r), tolerance: tolerance * 10), "\(what): VᵀV ≠ I")
        }
        let valuesOnly = try a.svd(vectors: .none)
        t.check(valuesOnly.u == nil && valuesOnly.vt == nil, "\(what): vectors computed although none asked for")
        t.check(zip(valuesOnly.singularValues, expected).allSatisfy { abs($0 - $1) <= tolerance * expected[0] }, "\(what): values-only singular values differ")
      }
    }
  }
}
