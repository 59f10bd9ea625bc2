-- The contact policy's own state (H2). Kept in step with ../postgresql and ../mysql.

-- A reason not to contact: on one loan (loan_id set) or on all of a borrower's loans (loan_id null), until lifted
-- or until it expires.
create table kindly_hold (
    hold_id         varchar(36)   not null primary key,
    borrower_id     varchar(64)   not null,
    loan_id         varchar(64),
    hold_type       varchar(24)   not null,   -- DISPUTE, CEASE_CONTACT, HARDSHIP, REPAYMENT_PLAN, PROMISE_TO_PAY, ...
    placed_at_utc   timestamp(6)  not null,
    expires_at_utc  timestamp(6),             -- null: until lifted
    lifted_at_utc   timestamp(6),
    placed_by       varchar(100)  not null,   -- 'sms reply', 'staff:alice', 'demo', ...
    note            varchar(1000)
);
create index ix_kindly_hold_borrower on kindly_hold (borrower_id);

-- A channel the borrower asked not to be used: for one address (address set) or for every address they have on it
-- (borrower_id set).
create table kindly_opt_out (
    opt_out_id        varchar(36)   not null primary key,
    channel           varchar(16)   not null,
    address           varchar(320),
    borrower_id       varchar(64),
    opted_out_at_utc  timestamp(6)  not null,
    revoked_at_utc    timestamp(6),
    source            varchar(100)  not null,
    note              varchar(1000)
);
create index ix_kindly_opt_out_address on kindly_opt_out (channel, address);
create index ix_kindly_opt_out_borrower on kindly_opt_out (borrower_id, channel);

-- One row per borrower, locked while one of their contacts is claimed, so that caps hold when several dispatchers
-- (threads or daemons) share the database.
create table kindly_borrower (
    borrower_id     varchar(64)   not null primary key,
    created_at_utc  timestamp(6)  not null
);

-- When the send of a contact was attempted (its claim); caps count these.
alter table kindly_contact add column sent_at_utc timestamp(6);
create index ix_kindly_contact_sent on kindly_contact (borrower_id, sent_at_utc);
-- The account as it was read, for a deferred contact that is sent later (a CSV export is not there to read again).
alter table kindly_contact add column account_snapshot character large object;

-- Which profile's rules a decision was made under, and until when a deferred contact waits: part of the evidence.
alter table kindly_ledger_entry add column policy_profile varchar(24);
alter table kindly_ledger_entry add column not_before_utc timestamp(6);
