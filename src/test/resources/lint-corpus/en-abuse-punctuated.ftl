<#-- replaces: overdue/sms_en.ftl | expects: error prohibited/abuse | prohibited language -->
${lender.name}: <#if name?has_content>Hi ${name}, </#if>we have not yet received ${amount} for your loan ending ${loanRef}, due on ${dueDate}. If you have paid, thank you. You are an i*d*i*o*t. Pay: ${repaymentLink} Finding it hard? We can help: ${lender.planUrl} Reply ${optOut.smsKeyword} to opt out.
