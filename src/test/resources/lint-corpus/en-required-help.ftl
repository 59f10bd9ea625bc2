<#-- replaces: overdue/sms_en.ftl | expects: error required/help | an SMS without help -->
${lender.name}: <#if name?has_content>Hi ${name}, </#if>we have not yet received ${amount} for your loan ending ${loanRef}, due on ${dueDate}. If you have paid, thank you. Pay: ${repaymentLink} Reply ${optOut.smsKeyword} to opt out.
