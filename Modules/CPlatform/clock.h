// The wall clock: the time now, and a local date-time stamp for file names.
#ifndef SINETUI_CSYSTEM_CLOCK_H
#define SINETUI_CSYSTEM_CLOCK_H

#include <stddef.h>
#include <time.h>

/// Seconds since the epoch, now.
static inline long long sinetui_now(void) { return (long long)time(NULL); }

/// Writes `seconds` since the epoch as local time in the form YYYYMMDD-HHMMSS (15 characters and
/// a NUL) into `buffer`; returns the characters written, or 0 when the time cannot be converted
/// or does not fit.
///
/// `localtime_r` is the thread-safe `localtime`; `tzset` first, so that `TZ` is honoured.
static inline size_t sinetui_local_stamp(char *_Nonnull buffer, size_t size, long long seconds) {
  time_t time = (time_t)seconds;
  struct tm parts;
  tzset();
  if (localtime_r(&time, &parts) == NULL) return 0;
  return strftime(buffer, size, "%Y%m%d-%H%M%S", &parts);
}

#endif
