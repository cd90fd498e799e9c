-- scenario 0.1.0 -> 0.2.0
\echo Use "ALTER EXTENSION scenario UPDATE TO '0.2.0'" to load this file. \quit

SELECT @extschema@._require_library('0.2.0');
