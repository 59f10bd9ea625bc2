-- One cycle's work shared by the daemons of a cluster (MySQL and MariaDB). Kept in step with the other folders.
--
-- In cluster mode (kindly.cluster.enabled) the daemon that fires a cycle splits the borrowers into
-- kindly.cluster.partitions shares by a stable hash of the borrower id (io.kindly.cycle.BorrowerPartitions), one row
-- each. A daemon leases a share (owner_node, lease_until_utc), renews the lease while it reads the source for it, and
-- marks it done; a share whose lease ran out (its daemon died or stalled) is leased again by another daemon.
create table kindly_cycle_partition (
    run_id              varchar(36)  not null,
    partition_no        integer      not null,   -- 0 .. partitions - 1
    partitions          integer      not null,   -- how many shares the run has
    business_date       date         not null,
    trigger_kind        varchar(16)  not null,
    created_at_utc      datetime(6)  not null,
    owner_node          varchar(128),             -- the daemon holding (or last holding) the lease: pid@host/start
    lease_until_utc     datetime(6),
    leases              integer      not null,   -- how often it was leased: a share that keeps failing is given up
    done_at_utc         datetime(6),
    done_by             varchar(128),
    accounts_read       integer,                  -- what the pass that finished it counted, for the run's summary
    accounts_with_stage integer,
    already_handled     integer,
    constraint pk_kindly_cycle_partition primary key (run_id, partition_no)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;
create index ix_kindly_cycle_partition_open on kindly_cycle_partition (done_at_utc, created_at_utc);
