<#-- replaces: overdue/email-text_zh.ftl | expects: error required/opt-out | an email without an unsubscribe link -->
<#if name?has_content>${name}，您好：<#else>您好：</#if>

我们暂未收到您在${lender.name}尾号${loanRef}借款的 ${amount} 还款（${dueDate}到期）。可能只是一时疏忽，或款项仍在途中；如您已还款，谢谢，请忽略本提醒。

还款链接：${repaymentLink}

如果您现在还款有困难，请告诉我们。我们可以根据您的情况，一起商量合适的还款计划（例如分期或延期）：${lender.planUrl}

如有疑问，请致电 ${lender.supportPhone} 或访问 ${lender.supportUrl}。

${lender.name} 敬上

--
您收到这封邮件，是因为您在${lender.name}有一笔借款。停止邮件提醒：our website；选择接收哪些提醒：our app
