<#-- replaces: overdue/email-text_en.ftl | expects: error required/opt-out | an email without an unsubscribe link -->
<#if name?has_content>Hi ${name},<#else>Hello,</#if>

We have not yet received the repayment of ${amount} on your ${lender.name} loan ending ${loanRef}, which was due on ${dueDate}. It may simply have slipped your mind, or your payment may be on its way. If you have already paid, thank you, and please ignore this message.

You can pay here: ${repaymentLink}

If you are finding it hard to pay, please tell us. We can agree a plan that fits your situation, such as smaller or later payments: ${lender.planUrl}

Questions? Call ${lender.supportPhone} or visit ${lender.supportUrl}.

Kind regards,
${lender.name}

--
You are receiving this because you have a loan with ${lender.name}. To stop these emails: our website. To choose which reminders you get: our app
