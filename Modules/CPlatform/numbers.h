// The C library's mathematics: exp, sin, tanh, log10, pow, floor, strtod.
#ifndef SINETUI_CSYSTEM_NUMBERS_H
#define SINETUI_CSYSTEM_NUMBERS_H

#include <math.h>
#include <stdlib.h>

#endif
