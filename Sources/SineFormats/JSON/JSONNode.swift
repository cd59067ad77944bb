/// A JSON value as ``JSONReader`` reads it, numbers kept as written so that a whole number reads
/// exactly, not through a Double.
enum JSONNode: Sendable, Hashable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A number, as written, with its correctly rounded Double (always finite).
  case number(JSONNumber)
  /// A string, its escapes decoded.
  case string(String)
  /// An array.
  case array([JSONNode])
  /// An object's members in the order written.
  case object([JSONMember])

  /// The value of the member `key` of an object (the last, when the key is repeated); nil for a
  /// missing key or a value that is not an object.
  subscript(key: String) -> JSONNode? {
    guard case .object(let members) = self else { return nil }
    return members.last { $0.key == key }?.value
  }
}
