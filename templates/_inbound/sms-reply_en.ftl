<#-- Kindly's answer to a borrower's SMS reply, sent back by the gateway (the "reply" field of the inbound answer).
     action: opt-out (confirms the opt-out, once), help (who we are and how to reach us), plan (a repayment plan was
     asked for: reminders are paused and the lender will call). Variables: lender.*, optOutWord. -->
<#switch action>
<#case "opt-out">${lender.name}: you will not get SMS reminders from us at this number any more. For help with your loan, call ${lender.supportPhone}.<#break>
<#case "help">${lender.name} repayment reminders. Questions about your loan: call ${lender.supportPhone} or visit ${lender.supportUrl}. Need a flexible repayment plan? Reply PLAN or see ${lender.planUrl}. Reply ${optOutWord} to stop these texts. Msg & data rates may apply.<#break>
<#case "plan">${lender.name}: thank you for telling us. We have paused your reminders, and someone from our team will contact you about a repayment plan. You can also see ${lender.planUrl} or call ${lender.supportPhone}.<#break>
</#switch>
