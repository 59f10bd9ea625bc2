<#-- replaces: overdue/inapp_en.ftl | expects: error prohibited/impersonate-authority | prohibited language -->
${lender.name}: We have not yet received ${amount} for your loan ending ${loanRef}, due on ${dueDate}. If you have paid, thank you. You will receive a sum​mons. Pay: ${repaymentLink} Finding it hard? We can help: ${lender.planUrl} Reminder settings: ${optOut.url}
