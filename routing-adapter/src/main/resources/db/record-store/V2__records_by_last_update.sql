-- The live feed's catch-up reads records by their last update (a record written again after After Contact
-- Work carries a later one), so that column gets an index of its own.
CREATE INDEX contact_trace_record_by_last_update ON contact_trace_record (last_update_at, contact_id);
