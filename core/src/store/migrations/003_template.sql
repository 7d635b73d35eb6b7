-- Schema step 3: each form's template, so the form list can show it without
-- reading every form. Rows of earlier steps are filled in Rust right after
-- this step from their current revision (schema::backfill_templates); every
-- form before templates existed is a Shenzhen form.

ALTER TABLE forms ADD COLUMN template TEXT NOT NULL DEFAULT 'shenzhen';
