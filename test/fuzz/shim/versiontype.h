/* versiontype.h: the harness self-test's stand-in type (versiontype.c). */
#ifndef FUZZ_VERSIONTYPE_H
#define FUZZ_VERSIONTYPE_H
#include "fuzz.h"
extern const FuzzType fuzzversion_type;
#endif
