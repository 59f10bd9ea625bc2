<#-- replaces: overdue/inapp_en.ftl | expects: error prohibited/threat-arrest | prohibited language -->
${lender.name}: We have not yet received ${amount} for your loan ending ${loanRef}, due on ${dueDate}. If you have paid, thank you. Do you want ＰＲＩＳＯＮ? Pay: ${repaymentLink} Finding it hard? We can help: ${lender.planUrl} Reminder settings: ${optOut.url}
