/// The sum Σᵢ w2ᵢ · aᵢ over the hidden units, in an order fixed by the number of units alone.
///
/// The order is the vectorised layout's: with H = 8c + 2p + s units, unit i < 8c goes to octet
/// slot i mod 8, and slot l sums units l, l + 8, l + 16, ... in that order; the next 2p units go
/// alternately to two pair slots the same way; the last unit, when H is odd, stands alone. Every
/// slot starts from +0, and the total is
/// (((o0 + o4) + (o2 + o6)) + ((o1 + o5) + (o3 + o7)) + (p0 + p1)) + single.
/// A vector of eight adds into all octet slots at once, a pair into both pair slots, a single
/// unit into the one slot its index picks: the same additions of the same numbers in the same
/// order, whatever the layout, and in the vectorised layout with no lane moved.
struct OutputSum {
  /// The first unit past the octets: 8c.
  let octetEnd: Int
  /// The first unit past the pairs: 8c + 2p.
  let pairEnd: Int
  /// The octet slots.
  var octets = SIMD8<Double>()
  /// The pair slots.
  var pairs = SIMD2<Double>()
  /// The last unit's term, when H is odd.
  var single = 0.0

  /// An empty sum over `hidden` units.
  @inline(__always)
  init(hidden: Int) {
    octetEnd = hidden & ~7
    pairEnd = hidden & ~1
  }

  /// Adds the lanes of `terms`, the units from `unit` on: all eight octet slots, or both pair
  /// slots.
  @inline(__always)
  mutating func add<V: Lanes>(_ terms: V, unit: Int) {
    if V.scalarCount == 8 {
      for lane in 0..<8 { octets[lane] += terms[lane] }
    } else {
      for lane in 0..<2 { pairs[lane] += terms[lane] }
    }
  }

  /// Adds one unit's term to the slot its index picks.
  @inline(__always)
  mutating func add(_ term: Double, unit: Int) {
    if unit < octetEnd {
      octets[unit & 7] += term
    } else if unit < pairEnd {
      pairs[unit & 1] += term
    } else {
      single += term
    }
  }

  /// The sum of every slot, in the fixed tree.
  @inline(__always)
  var total: Double {
    let o = octets
    let even = (o[0] + o[4]) + (o[2] + o[6])
    let odd = (o[1] + o[5]) + (o[3] + o[7])
    return ((even + odd) + (pairs[0] + pairs[1])) + single
  }
}
