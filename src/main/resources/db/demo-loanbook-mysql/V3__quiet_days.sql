-- Days of the week a borrower asked not to be contacted on (a shift worker's rest days, say).
alter table loan_book add column quiet_days varchar(40);
