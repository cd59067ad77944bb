import CPlatform

/// Which file a path names, so that two paths naming one file are told apart from two files: an
/// existing file by its device and inode (links, `./x` and `x` alike), a file still to be created
/// by its folder's identity and its name.
enum FileIdentity: Hashable {
  /// A file that exists.
  case existing(device: UInt64, inode: UInt64)
  /// A name not yet taken in an existing folder.
  case new(folderDevice: UInt64, folderInode: UInt64, name: String)

  /// The identity of what `path` names, or nil when neither it nor its folder exists.
  init?(path: String) {
    var identity = sinetui_file_identity()
    if sinetui_path_identity(path, &identity) == 0 {
      self = .existing(device: identity.device, inode: identity.inode)
      return
    }
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { path[..<$0].isEmpty ? "/" : String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    guard !name.isEmpty, sinetui_path_identity(folder, &identity) == 0 else { return nil }
    self = .new(folderDevice: identity.device, folderInode: identity.inode, name: name)
  }

  /// The first two of `files` (option and path) that name one file, or nil when all differ.
  static func firstShared(among files: [(option: String, path: String)]) -> (
    first: (option: String, path: String), second: (option: String, path: String)
  )? {
    var seen: [FileIdentity: (option: String, path: String)] = [:]
    for file in files {
      guard let identity = FileIdentity(path: file.path) else { continue }
      if let earlier = seen[identity] { return (earlier, file) }
      seen[identity] = file
    }
    return nil
  }
}
