<#-- A discreet SMS (a policy profile with discreet = true): the lock screen may be seen by others, so no amount, no
     debt, no due date; who writes, that there is a message, the link, and how to stop. Used for every stage. -->
${lender.name}: there is a message about your account: ${repaymentLink} Reply ${optOut.smsKeyword} to opt out.
