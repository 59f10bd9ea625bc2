-- Kindly's ledger (MySQL and MariaDB). Kept in step with ../h2 and ../postgresql: same tables, columns and constraints.
-- Tables are utf8mb4 (Chinese text) with a binary collation, so ids compare exactly as on H2 and PostgreSQL.
-- All timestamps are UTC (columns named *_utc); the borrower's local time is stored as text with its offset.

-- One row per reminder cycle: when it ran, for which business date, and how it ended.
create table kindly_cycle_run (
    run_id          varchar(36)  not null primary key,
    business_date   date         not null,
    trigger_kind    varchar(16)  not null,
    node            varchar(128) not null,
    started_at_utc  datetime(6) not null,
    finished_at_utc datetime(6),
    outcome         varchar(16)  not null,   -- RUNNING, COMPLETED, FAILED
    accounts_read   integer,
    error           varchar(2000)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;

-- One row per business key (loan, stage, channel, business date): the claim that makes a send happen at most once.
-- Its status moves on as the contact is decided, claimed, sent or failed; the history is in kindly_ledger_entry.
create table kindly_contact (
    contact_id          varchar(40)  not null primary key,  -- derived from the business key
    loan_id             varchar(64)  not null,
    borrower_id         varchar(64)  not null,
    stage               varchar(40)  not null,
    channel             varchar(16)  not null,
    business_date       date         not null,
    status              varchar(16)  not null,
    reason              varchar(40),
    not_before_utc      datetime(6),              -- when a DEFERRED contact may be tried again
    gateway_message_id  varchar(200),
    run_id              varchar(36),
    created_at_utc      datetime(6) not null,
    updated_at_utc      datetime(6) not null,
    constraint uk_kindly_contact_business_key unique (loan_id, stage, channel, business_date)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;
create index ix_kindly_contact_borrower on kindly_contact (borrower_id, updated_at_utc);
create index ix_kindly_contact_status on kindly_contact (status, not_before_utc);

-- The evidence: one row per decision and per send attempt, never updated or deleted.
create table kindly_ledger_entry (
    entry_id            bigint not null auto_increment primary key,
    recorded_at_utc     datetime(6)  not null,
    local_time          varchar(40),               -- the borrower's wall-clock time, ISO-8601 with offset
    time_zone           varchar(64),
    run_id              varchar(36),
    contact_id          varchar(40),               -- null for a source row rejected before planning
    business_date       date,
    borrower_id         varchar(64),
    loan_id             varchar(64),
    stage               varchar(40),
    channel             varchar(16),
    status              varchar(16)   not null,
    reason              varchar(40),
    detail              varchar(2000),
    recipient           varchar(320),              -- the address as used: E.164 mobile, email, app user id
    template            varchar(300),
    template_hash       varchar(64),
    locale              varchar(35),
    subject             varchar(1000),
    body                mediumtext,
    body_html           mediumtext,
    content_hash        varchar(64),
    gateway_message_id  varchar(200),
    error               varchar(2000),
    source_ref          varchar(200)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;
create index ix_kindly_ledger_loan on kindly_ledger_entry (loan_id, entry_id);
create index ix_kindly_ledger_run on kindly_ledger_entry (run_id, contact_id);
create index ix_kindly_ledger_borrower on kindly_ledger_entry (borrower_id, recorded_at_utc);
