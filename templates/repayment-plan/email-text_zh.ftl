<#if name?has_content>${name}，您好：<#else>您好：</#if>

您在${lender.name}尾号${loanRef}的借款仍有 ${amount} 未还（${dueDate}到期）。

我们理解每个人都可能遇到暂时的困难。如果您近期资金紧张，我们愿意和您一起找到可行的办法，例如分期或延期还款。您可以在这里申请：${lender.planUrl}，或致电 ${lender.supportPhone}。

还款链接：${repaymentLink}

如您已还款或已与我们商定还款计划，谢谢，请忽略本提醒。

${lender.name} 敬上

--
您收到这封邮件，是因为您在${lender.name}有一笔借款。停止邮件提醒：${optOut.unsubscribeUrl}；选择接收哪些提醒：${optOut.url}
