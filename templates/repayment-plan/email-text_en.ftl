<#if name?has_content>Hi ${name},<#else>Hello,</#if>

The repayment of ${amount} on your ${lender.name} loan ending ${loanRef}, due on ${dueDate}, is still open.

We know that circumstances change. If money is tight at the moment, we would like to help you find a way forward: a plan with smaller or later payments, agreed with you. You can ask for one here: ${lender.planUrl}, or call us on ${lender.supportPhone}.

If you would like independent help, free and confidential debt advice services are available in many countries.

You can pay here: ${repaymentLink}

If you have already paid or agreed a plan with us, thank you, and please ignore this message.

Kind regards,
${lender.name}

--
You are receiving this because you have a loan with ${lender.name}. To stop these emails: ${optOut.unsubscribeUrl}. To choose which reminders you get: ${optOut.url}
