// Files and descriptors: open, read, write, close, fsync, link, unlink, and what a path names;
// descriptors duplicated, and files that live in memory.
#ifndef SINETUI_CSYSTEM_FILES_H
#define SINETUI_CSYSTEM_FILES_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

/// `errno`, which is a macro Swift cannot import.
static inline int sinetui_errno(void) { return errno; }

/// `open(2)` with its mode, which Swift cannot call directly (it is variadic).
static inline int sinetui_open(const char *_Nonnull path, int flags, int mode) {
  return open(path, flags, (mode_t)mode);
}

/// What a path or a descriptor names, after following symbolic links.
typedef enum {
  sinetui_kind_missing = 0,
  sinetui_kind_regular = 1,
  sinetui_kind_directory = 2,
  sinetui_kind_fifo = 3,
  sinetui_kind_other = 4,
  sinetui_kind_character_device = 5,
} sinetui_file_kind;

static inline sinetui_file_kind sinetui_kind_of_mode(mode_t mode) {
  switch (mode & S_IFMT) {
  case S_IFREG: return sinetui_kind_regular;
  case S_IFDIR: return sinetui_kind_directory;
  case S_IFIFO: return sinetui_kind_fifo;
  case S_IFCHR: return sinetui_kind_character_device;
  default: return sinetui_kind_other;
  }
}

/// What `path` names (following links), or `sinetui_kind_missing` when `stat` fails (see errno).
static inline sinetui_file_kind sinetui_path_kind(const char *_Nonnull path) {
  struct stat status;
  if (stat(path, &status) != 0) return sinetui_kind_missing;
  return sinetui_kind_of_mode(status.st_mode);
}

/// What an open descriptor names, or `sinetui_kind_missing` when `fstat` fails (see errno).
static inline sinetui_file_kind sinetui_descriptor_kind(int descriptor) {
  struct stat status;
  if (fstat(descriptor, &status) != 0) return sinetui_kind_missing;
  return sinetui_kind_of_mode(status.st_mode);
}

/// Where a file lives: its device and inode, which two names of one file share.
typedef struct {
  unsigned long long device;
  unsigned long long inode;
} sinetui_file_identity;

/// The identity of what `path` names (following links); 0 on success, -1 when `stat` fails.
static inline int sinetui_path_identity(const char *_Nonnull path,
                                        sinetui_file_identity *_Nonnull identity) {
  struct stat status;
  if (stat(path, &status) != 0) return -1;
  identity->device = (unsigned long long)status.st_dev;
  identity->inode = (unsigned long long)status.st_ino;
  return 0;
}

/// Makes reads and writes on `descriptor` wait again, after an open with O_NONBLOCK (which is
/// there only so that opening a FIFO cannot wait); 0 on success, -1 on failure (see errno).
static inline int sinetui_make_blocking(int descriptor) {
  int flags = fcntl(descriptor, F_GETFL);
  if (flags < 0) return -1;
  return fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK);
}

/// The size in bytes of what an open descriptor names, or -1 when `fstat` fails.
static inline long long sinetui_descriptor_size(int descriptor) {
  struct stat status;
  if (fstat(descriptor, &status) != 0) return -1;
  return (long long)status.st_size;
}

/// A duplicate of `descriptor` that is closed across `exec`, or -1 (see errno).
static inline int sinetui_duplicate(int descriptor) {
  return fcntl(descriptor, F_DUPFD_CLOEXEC, 0);
}

/// The largest file this process may write, in bytes (`ulimit -f`, which files in memory obey
/// too), or -1 when there is no limit.
static inline long long sinetui_file_size_limit(void) {
  struct rlimit limit;
  if (getrlimit(RLIMIT_FSIZE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return -1;
  return (long long)limit.rlim_cur;
}

/// A new, empty file that lives in memory and has no name (Linux's memfd; elsewhere a temporary
/// file, already unlinked), open for reading and writing and closed across `exec`; -1 when
/// neither can be made.
///
/// Writes to it never wait, and never fall short below the file size limit
/// (``sinetui_file_size_limit``). `memfd_create` is called through `syscall`: the C
/// library declares it only with `_GNU_SOURCE`.
static inline int sinetui_memory_file(const char *_Nonnull name) {
#ifdef SYS_memfd_create
  int descriptor = (int)syscall(SYS_memfd_create, name, 1u /* MFD_CLOEXEC */);
  if (descriptor >= 0) return descriptor;
#endif
  FILE *file = tmpfile();
  if (file == NULL) return -1;
  int copy = sinetui_duplicate(fileno(file));
  fclose(file);
  return copy;
}

#endif
