// The C library as sinetui uses it: the one place for the differences between platforms.
//
// Swift reaches the C library only through this module. Each concern has its own header, and
// whatever differs between Linux and macOS is settled there, in C, behind a `static inline`
// function, so that no Swift file needs an `#if os(...)` or `#if canImport(Glibc)`.
#ifndef SINETUI_CSYSTEM_SYSTEM_H
#define SINETUI_CSYSTEM_SYSTEM_H

#include "clock.h"
#include "files.h"
#include "numbers.h"
#include "processes.h"
#include "signals.h"
#include "terminals.h"

#endif
