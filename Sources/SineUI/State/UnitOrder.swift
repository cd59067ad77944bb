import SineNet

/// The order the derivation panel walks the hidden units in: by the size of their outgoing
/// weight |w2ᵢ|, the largest first, since that is the unit whose part in the output is largest.
enum UnitOrder {
  /// The units of `network`, largest |w2ᵢ| first; equal sizes in index order, and a weight that is
  /// not a number last.
  static func units(of network: Network) -> [Int] {
    let weights = network.w2
    return weights.indices.sorted { left, right in
      let a = size(weights[left])
      let b = size(weights[right])
      return a != b ? a > b : left < right
    }
  }

  /// The unit the panel opens on: the one with the largest |w2ᵢ|.
  static func first(in network: Network) -> Int { units(of: network).first ?? 0 }

  /// The unit `offset` places after `unit` in ``units(of:)``, going round; the first when the
  /// network has no unit `unit`.
  static func unit(_ offset: Int, after unit: Int, in network: Network) -> Int {
    let order = units(of: network)
    guard let place = order.firstIndex(of: unit) else { return order.first ?? 0 }
    let count = order.count
    return order[((place + offset) % count + count) % count]
  }

  /// |w|, with NaN below every number so that the order is total.
  private static func size(_ weight: Double) -> Double {
    weight.isNaN ? -1 : weight.magnitude
  }
}
