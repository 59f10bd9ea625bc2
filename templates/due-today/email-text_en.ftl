<#if name?has_content>Hi ${name},<#else>Hello,</#if>

Your repayment of ${amount} on your ${lender.name} loan ending ${loanRef} <#if daysUntilDue == 0>is due today, ${dueDate}<#else>was due on ${dueDate}</#if>.

You can pay here: ${repaymentLink}

If paying is difficult, please let us know. We would much rather agree a plan that works for you, such as smaller or later payments, than see you struggle: ${lender.planUrl}

Questions? Call ${lender.supportPhone} or visit ${lender.supportUrl}.

If you have already paid, thank you, and please ignore this message.

Kind regards,
${lender.name}

--
You are receiving this because you have a loan with ${lender.name}. To stop these emails: ${optOut.unsubscribeUrl}. To choose which reminders you get: ${optOut.url}
