<#-- replaces: overdue/inapp_en.ftl | expects: error locked-down, error render | reaching Java's API -->
${lender.name}: We have not yet received ${amount?api.length()} for your loan ending ${loanRef}, due on ${dueDate}. If you have paid, thank you. Pay: ${repaymentLink} Finding it hard? We can help: ${lender.planUrl} Reminder settings: ${optOut.url}
