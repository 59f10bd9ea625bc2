<#-- replaces: overdue/sms_en.ftl | expects: error required/due-date | an SMS without due-date -->
${lender.name}: <#if name?has_content>Hi ${name}, </#if>we have not yet received ${amount} for your loan ending ${loanRef}. If you have paid, thank you. Pay: ${repaymentLink} Finding it hard? We can help: ${lender.planUrl} Reply ${optOut.smsKeyword} to opt out.
