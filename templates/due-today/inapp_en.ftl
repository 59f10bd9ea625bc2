Your repayment of ${amount} on your loan ending ${loanRef} is due today. Pay: ${repaymentLink} If today is difficult, we can agree a plan: ${lender.planUrl} Reminder settings: ${optOut.url}
