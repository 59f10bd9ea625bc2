-- The ledger's hash chains (MySQL and MariaDB). Kept in step with the other folders. How an entry is sealed: EntryHash.java and
-- README.md ("Verifying the ledger without Kindly").

-- Every entry is sealed into its loan's chain: its place (chain_seq, from 1), the previous entry's hash and its own.
-- The personal fields (recipient, subject, body, body_html, detail, error) enter the hash through personal_hash, a
-- digest salted with personal_salt; retention erases them with the salt (erased_at_utc) and the chain still verifies.
alter table kindly_ledger_entry add column chain_id varchar(80);
alter table kindly_ledger_entry add column chain_seq bigint;
alter table kindly_ledger_entry add column prev_hash varchar(64);
alter table kindly_ledger_entry add column personal_salt varchar(32);
alter table kindly_ledger_entry add column personal_hash varchar(64);
alter table kindly_ledger_entry add column entry_hash varchar(64);
alter table kindly_ledger_entry add column erased_at_utc datetime(6);
create index ix_kindly_ledger_chain on kindly_ledger_entry (chain_id, entry_id);

-- One row per chain (per loan): how many entries it has and the last one's hash. Locked while a loan's entries are
-- written, so they go into the chain one after the other; copied into the signed checkpoints (ledger checkpoint), so
-- an entry removed from the end of a chain is found too.
create table kindly_ledger_chain (
    chain_id        varchar(80)  not null primary key,
    entries         bigint       not null,
    head_hash       varchar(64)  not null,
    updated_at_utc  datetime(6)  not null
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;
