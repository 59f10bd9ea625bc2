-- The demo lender's loan book (MySQL and MariaDB; ../demo-loanbook holds it for H2 and PostgreSQL). It stands in for
-- the lender's own database, so it uses the lender's column names; config/application.properties maps them to
-- Kindly's fields (kindly.source.column.*).
--
-- Like a real loan book it also holds data about people other than the borrower (an emergency contact, an
-- employer). Kindly has no field to put them in: the demo proves that they never reach a message or the ledger.
create table loan_book (
    id                        integer not null auto_increment primary key,
    cust_no                   varchar(32),
    loan_no                   varchar(32),
    full_name                 varchar(100),
    lang                      varchar(20),
    tz                        varchar(40),
    mobile_no                 varchar(30),
    email_addr                varchar(120),
    app_uid                   varchar(40),
    outstanding               decimal(14, 2),
    ccy                       varchar(8),
    due_on                    date,
    dpd                       integer,
    pay_url                   varchar(200),
    status                    varchar(16) not null,
    emergency_contact_name    varchar(100),
    emergency_contact_mobile  varchar(30),
    employer_name             varchar(100)
) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin;
create index ix_loan_book_due on loan_book (status, due_on);
