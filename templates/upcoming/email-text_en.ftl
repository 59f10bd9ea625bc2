<#if name?has_content>Hi ${name},<#else>Hello,</#if>

This is a friendly reminder that a repayment of ${amount} on your ${lender.name} loan ending ${loanRef} is due on ${dueDate}<#if daysUntilDue == 1> (tomorrow)<#elseif daysUntilDue gt 1> (in ${daysUntilDue} days)</#if>.

You can pay here: ${repaymentLink}

If paying on time looks difficult, please talk to us. We can agree a plan that fits your situation, such as smaller or later payments: ${lender.planUrl}

Questions? Call ${lender.supportPhone} or visit ${lender.supportUrl}.

If you have already arranged this payment, thank you, and please ignore this message.

Kind regards,
${lender.name}

--
You are receiving this because you have a loan with ${lender.name}. To stop these emails: ${optOut.unsubscribeUrl}. To choose which reminders you get: ${optOut.url}
