<#if name?has_content>${name}，您好：<#else>您好：</#if>

您在${lender.name}尾号${loanRef}的借款有 ${amount} <#if daysUntilDue == 0>今天（${dueDate}）到期<#else>已于${dueDate}到期</#if>。

还款链接：${repaymentLink}

如果还款有困难，请告诉我们。与其让您为难，我们更愿意和您一起商量合适的还款计划（例如分期或延期）：${lender.planUrl}

如有疑问，请致电 ${lender.supportPhone} 或访问 ${lender.supportUrl}。

如您已还款，谢谢，请忽略本提醒。

${lender.name} 敬上

--
您收到这封邮件，是因为您在${lender.name}有一笔借款。停止邮件提醒：${optOut.unsubscribeUrl}；选择接收哪些提醒：${optOut.url}
