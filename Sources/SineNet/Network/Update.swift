/// Whether an ``Update`` goes on to the next sample's forward pass.
protocol NextSample {
  /// Whether it does.
  static var isForwarded: Bool { get }
}

/// A step on its own: the update only.
enum StopsHere: NextSample {
  static var isForwarded: Bool { false }
}

/// A step of the hot loop: each vector of units, once updated, runs its part of the next
/// sample's forward pass at once.
enum GoesOn: NextSample {
  static var isForwarded: Bool { true }
}

/// The SGD update θ ← θ − η · g of one step, a vector of units at a time.
///
/// g is as the rule computes it (``unitGradient(error:outgoingWeight:slope:activation:input:)``)
/// from the activations and slopes the forward pass left in `scratch`. It allocates nothing.
///
/// With ``GoesOn``, each vector of units, just updated, computes its activations at the next
/// input x′ from the parameters it has just stored, h′ = w1′ x′ + b1′, exactly as
/// ``ForwardPass`` computes them from the stored parameters, and leaves them and their slopes in
/// `scratch`: the parameters are loaded and stored once per step, and the next exponentials start
/// while the rest of the units are still being updated. Because h′ is bit for bit what a forward
/// pass over the stored parameters gives, a run does not depend on how its steps are split
/// between calls. (h′ = (w1 x′ + b1) − η ∂L/∂h (x x′ + 1), whose bracket is known before dE/dŷ,
/// would be shorter, but differs from the stored parameters' h′ by a rounding.)
struct Update<S: SlopeRule, Next: NextSample>: UnitVisitor {
  /// The parameters, w1, w2, b1, b2.
  let p: UnsafeMutablePointer<Double>
  /// The activations, then the slopes.
  let scratch: UnsafeMutablePointer<Double>
  /// The number of hidden units.
  let hidden: Int
  /// Whether b1 and b2 are trained.
  let biases: Bool
  /// The sample's input.
  let x: Double
  /// dE/dŷ as the rule computes it.
  let error: Double
  /// η.
  let eta: Double
  /// The next sample's input.
  let nextX: Double
  /// Σ w2′ᵢ · a′ᵢ at the next input, so far.
  var sum: OutputSum

  /// The update for a sample at `x` whose dE/dŷ is `error`, then (with ``GoesOn``) the forward
  /// pass at `nextX`.
  @inline(__always)
  init(
    _ p: UnsafeMutablePointer<Double>, hidden: Int, biases: Bool,
    scratch: UnsafeMutablePointer<Double>, x: Double, error: Double, eta: Double, nextX: Double
  ) {
    self.p = p
    self.hidden = hidden
    sum = OutputSum(hidden: hidden)
    self.biases = biases
    self.scratch = scratch
    self.x = x
    self.error = error
    self.eta = eta
    self.nextX = nextX
  }

  @inline(__always)
  mutating func visit<V: Lanes>(_: V.Type, unit i: Int) {
    let h = hidden
    let w1Address = p + i
    let w2Address = p + (h &+ i)
    let b1Address = p + (2 &* h &+ i)
    let a = V(loadingFrom: scratch + i)
    let w2 = V(loadingFrom: w2Address)
    let g = unitGradient(
      error: error, outgoingWeight: w2, slope: V(loadingFrom: scratch + (h &+ i)), activation: a,
      input: x)
    let newW1 = V(loadingFrom: w1Address) - eta * g.w1
    let newW2 = w2 - eta * g.w2
    newW1.store(to: w1Address)
    newW2.store(to: w2Address)
    var newB1 = V(loadingFrom: b1Address)
    if biases {
      newB1 = newB1 - eta * g.b1
      newB1.store(to: b1Address)
    }
    guard Next.isForwarded else { return }
    let (next, slope) = S.evaluate(preActivation(w1: newW1, b1: newB1, x: nextX))
    next.store(to: scratch + i)
    slope.store(to: scratch + (h &+ i))
    sum.add(newW2 * next, unit: i)
  }

  @inline(__always)
  mutating func visitOne(unit i: Int) {
    let h = hidden
    let g = unitGradient(
      error: error, outgoingWeight: p[h &+ i], slope: scratch[h &+ i], activation: scratch[i],
      input: x)
    let newW1 = p[i] - eta * g.w1
    let newW2 = p[h &+ i] - eta * g.w2
    p[i] = newW1
    p[h &+ i] = newW2
    var newB1 = p[2 &* h &+ i]
    if biases {
      newB1 = newB1 - eta * g.b1
      p[2 &* h &+ i] = newB1
    }
    guard Next.isForwarded else { return }
    let (next, slope) = S.evaluate(one: preActivation(w1: newW1, b1: newB1, x: nextX))
    scratch[i] = next
    scratch[h &+ i] = slope
    sum.add(newW2 * next, unit: i)
  }

  /// Updates b2, once every unit has been visited, and returns ŷ at the next input (with
  /// ``GoesOn``; otherwise b2 alone).
  @inline(__always)
  mutating func finish() -> Double {
    let b2 = p + 3 &* hidden
    if biases { b2.pointee = b2.pointee - eta * error }
    return Next.isForwarded ? b2.pointee + sum.total : b2.pointee
  }
}
