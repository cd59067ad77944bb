/// How a step walks a network's hidden units: vectors of eight from unit 0 (`SIMD8<Double>`),
/// then vectors of two, then a single unit, each group of parameters read straight from the
/// network's flat buffer (w1, w2, b1, b2); or every unit alone.
///
/// Every pass over the units (the forward pass, the fused step, the gradient) goes through
/// ``visit(_:)``, with kernels that compute each lane alike at every width (see ``Lanes``), and
/// sums the output through an ``OutputSum`` whose order is fixed by the number of units, not by
/// the layout. So the layout is a matter of speed only: a step gives the same bytes in every
/// layout, which the tests hold it to.
struct UnitLayout: Sendable, Hashable {
  /// The number of hidden units.
  let hidden: Int
  /// How many vectors of eight units come first.
  let octets: Int
  /// How many vectors of two units follow.
  let pairs: Int
  /// How many single units end the walk.
  let singles: Int

  /// The layout for `hidden` units: as many octets as fit, then pairs, then at most one single
  /// unit when `vectorised`; every unit alone when not.
  init(hidden: Int, vectorised: Bool) {
    self.hidden = hidden
    if vectorised {
      octets = hidden / 8
      pairs = hidden % 8 / 2
      singles = hidden % 2
    } else {
      octets = 0
      pairs = 0
      singles = hidden
    }
  }

  /// The layout the core uses for `hidden` units unless told otherwise.
  static func standard(hidden: Int) -> UnitLayout {
    UnitLayout(hidden: hidden, vectorised: isVectorisedByDefault)
  }

  /// Whether ``standard(hidden:)`` walks the units in vectors: in an optimised build.
  ///
  /// An unoptimised (debug) build takes every unit alone, where the one-unit code is some fifty
  /// times faster than the standard library's unspecialised `SIMD` arithmetic; since every layout
  /// gives the same bytes, it loses nothing by it but time.
  static var isVectorisedByDefault: Bool {
    #if DEBUG
      false
    #else
      true
    #endif
  }

  /// Calls `visitor` for each vector of units in order: octets, pairs, then single units.
  @inline(__always)
  func visit<Visitor: UnitVisitor>(_ visitor: inout Visitor) {
    var unit = 0
    for _ in 0..<octets {
      visitor.visit(SIMD8<Double>.self, unit: unit)
      unit &+= 8
    }
    for _ in 0..<pairs {
      visitor.visit(SIMD2<Double>.self, unit: unit)
      unit &+= 2
    }
    for _ in 0..<singles {
      visitor.visitOne(unit: unit)
      unit &+= 1
    }
  }
}

/// A pass over the hidden units, one vector of them at a time.
///
/// Each pass writes its work twice, for a vector and for one unit, side by side with the same
/// operations (see ``Lanes``).
protocol UnitVisitor {
  /// Handles the `V.scalarCount` units from `unit` on.
  mutating func visit<V: Lanes>(_: V.Type, unit: Int)
  /// Handles unit `unit` alone.
  mutating func visitOne(unit: Int)
}
