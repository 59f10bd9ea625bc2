-- The lender's notices of repayment-plan requests (MySQL/MariaDB). Kept in step with the other folders.

-- An outbox: each notice is written here before it is sent, and stays PENDING until the lender's webhook has taken it.
-- A webhook that is down does not lose a borrower's request: the notice is tried again, with the same id (its
-- Idempotency-Key), until it is SENT, or FAILED after max-attempts (kept for a person to follow up).
create table kindly_lender_notice (
    notice_id         varchar(36)   not null primary key,
    created_at_utc    datetime(6)  not null,
    borrower_id       varchar(64)   not null,
    hold_id           varchar(36),
    body              mediumtext not null,   -- the JSON as sent, byte for byte
    status            varchar(16)   not null,   -- PENDING, SENT, FAILED
    attempts          integer       default 0 not null,
    last_attempt_utc  datetime(6),
    last_error        varchar(2000)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;
create index ix_kindly_lender_notice_status on kindly_lender_notice (status, created_at_utc);
