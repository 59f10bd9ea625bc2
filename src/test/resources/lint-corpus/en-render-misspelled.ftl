<#-- replaces: overdue/sms_en.ftl | expects: error render | a misspelled variable -->
${lender.name}: <#if name?has_content>Hi ${name}, </#if>we have not yet received ${amout} for your loan ending ${loanRef}, due on ${dueDate}. If you have paid, thank you. Pay: ${repaymentLink} Finding it hard? We can help: ${lender.planUrl} Reply ${optOut.smsKeyword} to opt out.
