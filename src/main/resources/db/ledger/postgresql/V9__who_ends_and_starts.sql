-- Who ended a hold or an opt-out and why, and who asked for a run and why: the admin API records every change with who
-- made it and why (PostgreSQL). Kept in step with ../h2 and ../mysql.

-- A hold lifted: by whom ('admin:<name>', 'staff', ...) and why. Null for holds lifted before this version.
alter table kindly_hold add column lifted_by varchar(100);
alter table kindly_hold add column lift_note varchar(1000);

-- An opt-out revoked: by whom and why (the opt-out's own source and note say who recorded it and why).
alter table kindly_opt_out add column revoked_by varchar(100);
alter table kindly_opt_out add column revoke_note varchar(1000);

-- A run asked for by hand (POST /admin/cycles): by whom and why. Null for scheduled runs and the commands.
alter table kindly_cycle_run add column requested_by varchar(100);
alter table kindly_cycle_run add column request_note varchar(1000);
