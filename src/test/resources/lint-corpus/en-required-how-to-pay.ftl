<#-- replaces: overdue/sms_en.ftl | expects: error required/how-to-pay | an SMS without how-to-pay -->
${lender.name}: <#if name?has_content>Hi ${name}, </#if>we have not yet received ${amount} for your loan ending ${loanRef}, due on ${dueDate}. If you have paid, thank you. Finding it hard? We can help: ${lender.planUrl} Reply ${optOut.smsKeyword} to opt out.
