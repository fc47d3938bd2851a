/// `optimizer.step(parameters:gradients:)`, pre-specialized for the library's optimizers.
///
/// The training loops are generic over the optimizer and not inlinable, so without this a
/// step would run the optimizers' generic (unspecialized) element loops through witness
/// tables, about ten times slower than the step itself. `@_specialize` compiles a copy of
/// this function per listed optimizer, and the generic entry point dispatches to it at run
/// time; other optimizers take the generic path.
@_specialize(where O == SGD<Double>)
@_specialize(where O == SGD<Float>)
@_specialize(where O == Adam<Double>)
@_specialize(where O == Adam<Float>)
@_specialize(where O == AdamW<Double>)
@_specialize(where O == AdamW<Float>)
@_specialize(where O == AdaGrad<Double>)
@_specialize(where O == AdaGrad<Float>)
@_specialize(where O == RMSProp<Double>)
@_specialize(where O == RMSProp<Float>)
@inline(never)
func _optimizerStep<O: Optimizer>(_ optimizer: inout O, parameters: inout [Matrix<O.Scalar>], gradients: [Matrix<O.Scalar>]) {
  optimizer.step(parameters: &parameters, gradients: gradients)
}
