-- Accounts that may be due a reminder. Edit this query to fit your loan book.
--
-- Named parameters Kindly passes (use any of them):
--   :#dueFrom       the earliest due date on which a cadence stage can fall today (today - the latest offset)
--   :#dueTo         the latest such due date (today + the earliest offset, which is negative)
--   :#businessDate  the business date of the cycle
--
-- Return one row per loan. Kindly reads the columns named in config/application.properties
-- (kindly.source.column.*) and ignores every other column, so data about anyone but the borrower
-- (contacts, guarantors, employer) can never reach a message. Better still: do not select it.
--
-- Rows are streamed (fetched in batches of kindly.source.sql.fetch-size), so the result can be any size.
-- Kindly needs no order: an ORDER BY makes the database read and sort every matching row before it returns the first
-- (on a book of a million loans, the cycle waits for that and the sort can take much memory). Keep an index on the
-- columns you filter by (here loan_book (status, due_on)) so the rows stream out of it.
select cust_no, loan_no, full_name, lang, tz, mobile_no, email_addr, app_uid,
       outstanding, ccy, due_on, dpd, pay_url, region, other_tz, consent, work_email, lender_holds,
       quiet_days
  from loan_book
 where status = 'OPEN'
   and due_on between :#dueFrom and :#dueTo
