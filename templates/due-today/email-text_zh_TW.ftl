<#if name?has_content>${name}，您好：<#else>您好：</#if>

您在${lender.name}尾號${loanRef}的借款有 ${amount} <#if daysUntilDue == 0>今天（${dueDate}）到期<#else>已於${dueDate}到期</#if>。

還款連結：${repaymentLink}

如果還款有困難，請告訴我們。與其讓您為難，我們更願意和您一起商量合適的還款計畫（例如分期或延期）：${lender.planUrl}

如有疑問，請撥打 ${lender.supportPhone} 或造訪 ${lender.supportUrl}。

如您已還款，謝謝，請忽略本提醒。

${lender.name} 敬上

--
您收到這封郵件，是因為您在${lender.name}有一筆借款。停止郵件提醒：${optOut.unsubscribeUrl}；選擇接收哪些提醒：${optOut.url}
