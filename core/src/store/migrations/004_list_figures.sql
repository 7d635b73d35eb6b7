-- Schema step 4: the warnings, 全年预算数, 全年执行数 and 执行率 of the current
-- revision, so the year overview and the 汇总表 of thousands of forms never
-- read a form. Filled on save; rows of earlier steps are filled in Rust
-- right after this step (schema::backfill_list_columns).

ALTER TABLE forms ADD COLUMN warning_count INTEGER;
ALTER TABLE forms ADD COLUMN annual_budget TEXT;
ALTER TABLE forms ADD COLUMN executed TEXT;
ALTER TABLE forms ADD COLUMN execution_rate TEXT;
