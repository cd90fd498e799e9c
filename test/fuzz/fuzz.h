/*
 * fuzz.h
 *	  The generic libFuzzer harness for the extension's parsers.
 *
 * A target is one file test/fuzz/fuzz_<type>_<in|recv|parse>.c whose first
 * comment names the extension sources it links ("FUZZ_SOURCES: src/x.c"),
 * and whose body is a FUZZ_TARGET calling one of the drivers below.  The
 * module's files compile unchanged against test/fuzz/shim (palloc, ereport,
 * StringInfo, pqformat ... over malloc and longjmp).
 *
 * Every driver runs the parser on one input and then:
 *	- an ERROR with an SQLSTATE of class XX (elog, or ereport without
 *	  errcode) aborts: user input must never reach "can't happen";
 *	- any other ERROR is a correct refusal and ends the input;
 *	- a value that was accepted must round-trip exactly (see fuzz_type_in).
 * AddressSanitizer and UBSan catch the rest; every palloc is its own malloc,
 * so reads one byte past a chunk are caught.
 */
#ifndef SCENARIO_FUZZ_H
#define SCENARIO_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "postgres.h"
#include "fmgr.h"

#define FUZZ_TARGET \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size); \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)

/* A type's I/O functions, as named in its CREATE TYPE. */
typedef struct FuzzType
{
	const char *name;
	PGFunction	in;				/* cstring -> value (required) */
	PGFunction	out;			/* value -> cstring (required) */
	PGFunction	recv;			/* internal (StringInfo) -> value, or NULL */
	PGFunction	send;			/* value -> bytea, or NULL */
	PGFunction	eq;				/* equality, or NULL to compare bytes */
	int16		typlen;			/* -1 varlena, -2 cstring, else fixed length */
	bool		byval;
	int32		typmod;			/* passed to in/recv; -1 when none */
} FuzzType;

/*
 * Text input.  Inputs with a NUL byte or invalid UTF-8 are skipped (the
 * server never hands such a string to an input function).  An accepted
 * value v must satisfy: out(v) is valid UTF-8, in(out(v)) == v,
 * out(in(out(v))) == out(v), and recv(send(v)) == v when recv/send are set.
 */
extern int	fuzz_type_in(const FuzzType *t, const uint8_t *data, size_t size);

/*
 * Binary input.  The input is the message buffer recv reads; trailing bytes
 * it leaves unread are refused as the server refuses them (22P03).  An
 * accepted value v must satisfy: in(out(v)) == v (recv is as strict as in)
 * and recv(send(v)) == v with send(recv(send(v))) == send(v).
 */
extern int	fuzz_type_recv(const FuzzType *t, const uint8_t *data, size_t size);

/*
 * A plain parser, e.g. bool xxx_parse(const char *str, int len, Xxx *out):
 * check() gets the raw bytes in a buffer of exactly len bytes (not
 * NUL-terminated, so a read past the end is caught) and asserts whatever
 * must hold for what it parsed (with fuzz_assert).
 */
extern int	fuzz_parser(const uint8_t *data, size_t size,
						void (*check) (const char *str, int len));

/* Call a V1 function as fmgr would; false (and the SQLSTATE checked) on ERROR. */
extern bool fuzz_call(PGFunction fn, int nargs, Datum *args, Datum *result);

/* Abort with a message: the fuzzer keeps the input as a crash. */
#define fuzz_assert(cond, ...) \
	do { \
		if (!(cond)) \
			fuzz_fail(__FILE__, __LINE__, __VA_ARGS__); \
	} while (0)
extern void fuzz_fail(const char *file, int line, const char *fmt,...)
			pg_attribute_printf(3, 4) pg_attribute_noreturn();

#endif							/* SCENARIO_FUZZ_H */
