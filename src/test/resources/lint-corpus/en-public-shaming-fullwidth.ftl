<#-- replaces: overdue/inapp_en.ftl | expects: error prohibited/public-shaming | prohibited language -->
${lender.name}: We have not yet received ${amount} for your loan ending ${loanRef}, due on ${dueDate}. If you have paid, thank you. Nobody likes a ＤＥＡＤＢＥＡＴ. Pay: ${repaymentLink} Finding it hard? We can help: ${lender.planUrl} Reminder settings: ${optOut.url}
