<#-- replaces: overdue/sms_en.ftl | expects: error required/opt-out | an SMS without opt-out -->
${lender.name}: <#if name?has_content>Hi ${name}, </#if>we have not yet received ${amount} for your loan ending ${loanRef}, due on ${dueDate}. If you have paid, thank you. Pay: ${repaymentLink} Finding it hard? We can help: ${lender.planUrl}
