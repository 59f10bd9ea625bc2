-- Who a reply is about (MySQL/MariaDB). Kept in step with the other folders.

-- An SMS reply names only the number it came from: the borrowers it can be about are those Kindly sent to at that
-- number, found by the recipient of their ledger entries.
create index ix_kindly_ledger_recipient on kindly_ledger_entry (recipient, channel);
