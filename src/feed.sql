
-- feed: the real-time match feed -----------------------------------------
SELECT @extschema@._require_library('0.1.0');

-- Sends notifications, so VOLATILE and PARALLEL UNSAFE.
CREATE FUNCTION @extschema@.match_feed() RETURNS trigger
AS 'MODULE_PATHNAME', 'match_feed' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@.match_feed() IS
'trigger function, AFTER INSERT OR UPDATE ... FOR EACH ROW: finds the best matches of each new or changed opportunity (or offer) and sends them as JSON with NOTIFY on channel scenario_match; key=value arguments such as ''id=opp_id'', ''profile=profile'', ''offers=public.offer'', ''offer_id=id'', ''offer_profile=profile'', ''k=5'' (see the README)';

CREATE FUNCTION @extschema@._match_feed_check() RETURNS event_trigger
AS 'MODULE_PATHNAME', 'match_feed_check' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@._match_feed_check() IS
'internal: event trigger function checking the arguments of each new match_feed trigger at CREATE TRIGGER';

CREATE EVENT TRIGGER scenario_match_feed_check ON ddl_command_end
	WHEN TAG IN ('CREATE TRIGGER')
	EXECUTE FUNCTION @extschema@._match_feed_check();
COMMENT ON EVENT TRIGGER scenario_match_feed_check IS
'checks the arguments of each new scenario.match_feed trigger, so a mistake fails CREATE TRIGGER rather than the first write';
