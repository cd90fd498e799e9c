-- hardening: inputs from the fuzz corpus of the version parser
-- (test/fuzz/corpus/version_*), kept as regression cases: every malformed
-- version is a 22023 error, never a crash or a wrong acceptance

SELECT _require_library('000000.000001.000000');
SELECT _require_library('0.1.0' || repeat('0', 0));
SELECT _require_library('999999.999999.999999');
SELECT _require_library('1000000.0.0');
SELECT _require_library('0.1.0 ');
SELECT _require_library(' 0.1.0');
SELECT _require_library(E'0.1.0\n');
SELECT _require_library('0.1.0.0');
SELECT _require_library('0..1');
SELECT _require_library('-1.0.0');
SELECT _require_library('١.٢.٣');
SELECT _require_library(repeat('9', 20));

-- match profiles (found by fuzzing recv): money near the 10^15 RMB limit is
-- read exactly, so text output reads back to the same value; dates are
-- limited to years 1-9999, the ones the text form can spell
SELECT 'budget=673406891663278.08'::demand;
SELECT 'price=999999999999999.99 trl=3'::supply;
SELECT 'budget=1000000000000000'::demand;
SELECT 'budget=1e6'::demand, 'budget=0.5'::demand, 'budget=12.345'::demand;
SELECT 'deadline=0000-12-31'::demand;
SELECT 'available=9999-12-31'::supply;
