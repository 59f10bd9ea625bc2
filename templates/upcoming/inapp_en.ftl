${lender.name}: A friendly reminder: ${amount} on your loan ending ${loanRef} is due on ${dueDate}. Pay: ${repaymentLink} Need a different plan? ${lender.planUrl} Reminder settings: ${optOut.url}
