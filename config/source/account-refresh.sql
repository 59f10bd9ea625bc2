-- One loan, read again just before its message is sent, so that a payment or a closed loan that arrived after
-- planning stops the message. Return the same columns as accounts.sql, for the loan :#loanId; return no row for a
-- loan that is no longer open (its message is then suppressed as LOAN_CLOSED; an amount due of 0 suppresses as PAID).
select cust_no, loan_no, full_name, lang, tz, mobile_no, email_addr, app_uid,
       outstanding, ccy, due_on, dpd, pay_url, region, other_tz, consent, work_email, lender_holds,
       quiet_days
  from loan_book
 where loan_no = :#loanId
   and status = 'OPEN'
