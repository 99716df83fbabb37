-- Operators find checkouts by status and time (the search and the export's filters).
CREATE INDEX ix_checkout_status_created ON checkout (status, created_at);
