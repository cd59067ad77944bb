/// One member of a JSON object.
struct JSONMember: Sendable, Hashable {
  /// The key, its escapes decoded.
  var key: String
  /// The value.
  var value: JSONNode
}
