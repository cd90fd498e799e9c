-- hardening: inputs from the fuzz corpus of the version parser
-- (test/fuzz/corpus/version_*), kept as regression cases: every malformed
-- version is a 22023 error, never a crash or a wrong acceptance
SET search_path = public, scenario;

SELECT scenario._require_library('000000.000001.000000');
SELECT scenario._require_library('0.1.0' || repeat('0', 0));
SELECT scenario._require_library('999999.999999.999999');
SELECT scenario._require_library('1000000.0.0');
SELECT scenario._require_library('0.1.0 ');
SELECT scenario._require_library(' 0.1.0');
SELECT scenario._require_library(E'0.1.0\n');
SELECT scenario._require_library('0.1.0.0');
SELECT scenario._require_library('0..1');
SELECT scenario._require_library('-1.0.0');
SELECT scenario._require_library('١.٢.٣');
SELECT scenario._require_library(repeat('9', 20));
