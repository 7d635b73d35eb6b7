-- Schema step 2: 总分 and the number of errors of the current revision, so
-- the form list can show them without reading every form. Filled by the app
-- on save; rows from step 1 are filled in Rust right after this step
-- (schema::backfill_scores).

ALTER TABLE forms ADD COLUMN total_score TEXT;
ALTER TABLE forms ADD COLUMN error_count INTEGER;
