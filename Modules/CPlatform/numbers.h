// The C library's mathematics: exp, sin, tanh, log10, pow, floor; and its numbers as text:
// strtod and vsnprintf, the references the tests hold sinetui's own number parsing to.
#ifndef SINETUI_CSYSTEM_NUMBERS_H
#define SINETUI_CSYSTEM_NUMBERS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#endif
