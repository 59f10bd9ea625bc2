<#if name?has_content>${name}，您好：<#else>您好：</#if>

温馨提醒：您在${lender.name}尾号${loanRef}的借款有 ${amount} 将于${dueDate}到期<#if daysUntilDue == 1>（即明天）<#elseif daysUntilDue gt 1>（还有${daysUntilDue}天）</#if>。

还款链接：${repaymentLink}

如果按时还款有困难，欢迎告诉我们。我们可以根据您的情况，一起商量更合适的还款计划（例如分期或延期）：${lender.planUrl}

如有疑问，请致电 ${lender.supportPhone} 或访问 ${lender.supportUrl}。

如您已安排这笔还款，请忽略本提醒，谢谢！

${lender.name} 敬上

--
您收到这封邮件，是因为您在${lender.name}有一笔借款。停止邮件提醒：${optOut.unsubscribeUrl}；选择接收哪些提醒：${optOut.url}
