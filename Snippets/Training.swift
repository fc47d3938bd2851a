// The code of the DocC article "Training".
import BlockNumerics

var parameters = [try Matrix<Double>([[3, -4]])]
var adam = Adam<Double>(learningRate: 0.1)
for _ in 0..<500 {
  adam.step(parameters: &parameters, gradients: [parameters[0] * 2])  // minimises ‖p‖²
}

var sgd = Scheduled(Clipped(SGD<Double>(learningRate: 0.1, momentum: 0.9, nesterov: true),
                            clipping: .globalNorm(1)),                       // clip_grad_norm_
                    schedule: .warmup(steps: 5).then(.cosineAnnealing(period: 95), after: 5))
var custom = GradientDescent(learningRate: 1e-3,                               // p ← p − lr·T(g)
                             transform: ClipByValue<Double>(1).followed(by: ScaleByAdam()))
// snippet.hide
sgd.step(parameters: &parameters, gradients: [parameters[0] * 2])
custom.step(parameters: &parameters, gradients: [parameters[0] * 2])
// snippet.show

var digits = Datasets.digits()            // 1797 × 64 pixel counts 0...16, labels 0...9
digits.inputs /= 16
let train = digits.rows { $0 % 5 != 0 }
let test = digits.rows { $0 % 5 == 0 }
var model = Sequential<Double>([Dense(inputs: 64, outputs: 64, seed: 1), ReLU(),
                                Dense(inputs: 64, outputs: 10, seed: 2)])
let history = try model.fit(
  inputs: train.inputs, labels: train.labels, loss: .softmaxCrossEntropy,
  optimizer: Adam<Double>(learningRate: 1e-3), epochs: 40, batchSize: 32, seed: 0,
  onEpoch: { print($0.epoch, $0.loss, $0.accuracy, $0.seconds) })
print(history.losses.last!, model.accuracy(inputs: test.inputs, labels: test.labels))

let data = try Datasets.syntheticRatings(users: 1000, items: 500, rank: 10, density: 0.05, noise: 0.1, seed: 0)
let (training, heldOut) = data.split(heldOutFraction: 0.2, seed: 1)
var recommender = MatrixFactorization<Double>(users: 1000, items: 500, factors: 10, seed: 2)
let fit = try recommender.fit(training, optimizer: Adam<Double>(learningRate: 0.03), epochs: 2000,
                              batchSize: training.count, l2: 0.01, validation: heldOut)
print(fit.validationRMSE.last!)
