// The code of the DocC article "Recommenders" (only compiled, never run: the file it reads is
// an example).
import BlockNumerics

func split() throws {
  let all = try Ratings<Double>(contentsOfCSVFile: "ratings.csv")    // user,item,value per line
  let (training, heldOut) = try all.randomSplit(heldOutFraction: 0.2, seed: 1)
  // or: try all.leaveOut(perUser: 1, seed: 1)
  print(training.count, heldOut.count)
}
