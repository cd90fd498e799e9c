-- bi: casts and BI support ---------------------------------------------
--
-- Every type of ours reads as text (its documented text form, through its
-- output function) and as jsonb (its fields as a JSON object) in a client
-- that knows nothing of it.  The jsonb forms are built by the modules that
-- own the types (the *_jsonb functions in their SQL files, from their
-- accessors or in C); this file only lists the casts.

SELECT @extschema@._require_library('0.1.0');

-- jsonb casts (target, demand and supply declare theirs with their types)

CREATE CAST (@extschema@.stage AS jsonb) WITH FUNCTION @extschema@.stage_jsonb(@extschema@.stage);
COMMENT ON CAST (@extschema@.stage AS jsonb) IS 'a stage as a JSON string, its label (stage_jsonb)';
CREATE CAST (@extschema@.funnel AS jsonb) WITH FUNCTION @extschema@.funnel_jsonb(@extschema@.funnel);
COMMENT ON CAST (@extschema@.funnel AS jsonb) IS 'a funnel as jsonb, one object per stage (funnel_jsonb)';
CREATE CAST (@extschema@.funnel_state AS jsonb) WITH FUNCTION @extschema@.funnel_state_jsonb(@extschema@.funnel_state);
COMMENT ON CAST (@extschema@.funnel_state AS jsonb) IS 'a funnel state as jsonb (funnel_state_jsonb)';
CREATE CAST (@extschema@.assignment AS jsonb) WITH FUNCTION @extschema@.assignment_jsonb(@extschema@.assignment);
COMMENT ON CAST (@extschema@.assignment AS jsonb) IS 'an assignment as jsonb (assignment_jsonb)';
CREATE CAST (@extschema@.assign_state AS jsonb) WITH FUNCTION @extschema@.assign_state_jsonb(@extschema@.assign_state);
COMMENT ON CAST (@extschema@.assign_state AS jsonb) IS 'an assign state as jsonb (assign_state_jsonb)';
CREATE CAST (@extschema@.classifier AS jsonb) WITH FUNCTION @extschema@.classifier_jsonb(@extschema@.classifier);
COMMENT ON CAST (@extschema@.classifier AS jsonb) IS 'a classifier summary as jsonb (classifier_jsonb)';
CREATE CAST (@extschema@.classifier_state AS jsonb) WITH FUNCTION @extschema@.classifier_state_jsonb(@extschema@.classifier_state);
COMMENT ON CAST (@extschema@.classifier_state AS jsonb) IS 'a classifier state summary as jsonb (classifier_state_jsonb)';
CREATE CAST (@extschema@.sector AS jsonb) WITH FUNCTION @extschema@.sector_jsonb(@extschema@.sector);
COMMENT ON CAST (@extschema@.sector AS jsonb) IS 'a sector as jsonb (sector_jsonb)';
CREATE CAST (@extschema@.target_status AS jsonb) WITH FUNCTION @extschema@.target_status_jsonb(@extschema@.target_status);
COMMENT ON CAST (@extschema@.target_status AS jsonb) IS 'a target status as a JSON string (target_status_jsonb)';
CREATE CAST (@extschema@.tracking AS jsonb) WITH FUNCTION @extschema@.tracking_jsonb(@extschema@.tracking);
COMMENT ON CAST (@extschema@.tracking AS jsonb) IS 'a tracking as jsonb (tracking_jsonb)';

-- text casts, listed in pg_cast so that tools which look there find them
-- (an explicit ::text works for every type in any case, through its output)

CREATE CAST (@extschema@.stage AS text) WITH INOUT;
CREATE CAST (@extschema@.funnel AS text) WITH INOUT;
CREATE CAST (@extschema@.funnel_state AS text) WITH INOUT;
CREATE CAST (@extschema@.assignment AS text) WITH INOUT;
CREATE CAST (@extschema@.assign_state AS text) WITH INOUT;
CREATE CAST (@extschema@.classifier AS text) WITH INOUT;
CREATE CAST (@extschema@.classifier_state AS text) WITH INOUT;
CREATE CAST (@extschema@.target_status AS text) WITH INOUT;
CREATE CAST (@extschema@.tracking AS text) WITH INOUT;
COMMENT ON CAST (@extschema@.stage AS text) IS 'the label of a stage';
COMMENT ON CAST (@extschema@.funnel AS text) IS 'the documented text form of a funnel';
COMMENT ON CAST (@extschema@.funnel_state AS text) IS 'the documented text form of a funnel state';
COMMENT ON CAST (@extschema@.assignment AS text) IS 'the documented text form of an assignment';
COMMENT ON CAST (@extschema@.assign_state AS text) IS 'the documented text form of an assign state';
COMMENT ON CAST (@extschema@.classifier AS text) IS 'the text form of a classifier (classifier: + base64 image)';
COMMENT ON CAST (@extschema@.classifier_state AS text) IS 'the text form of a classifier state (classifier_state: + base64 image)';
COMMENT ON CAST (@extschema@.target_status AS text) IS 'the label of a target status';
COMMENT ON CAST (@extschema@.tracking AS text) IS 'the documented text form of a tracking';
