-- What the demo lender's loan book knows about how each borrower may be contacted, mapped to Kindly's optional
-- account fields in config/application.properties (region, other-time-zones, consent, work-email, holds).
alter table loan_book add column region varchar(8);
alter table loan_book add column other_tz varchar(200);
alter table loan_book add column consent varchar(40);
alter table loan_book add column work_email varchar(1);
alter table loan_book add column lender_holds varchar(100);
