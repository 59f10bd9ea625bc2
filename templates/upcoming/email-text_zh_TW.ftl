<#if name?has_content>${name}，您好：<#else>您好：</#if>

溫馨提醒：您在${lender.name}尾號${loanRef}的借款有 ${amount} 將於${dueDate}到期<#if daysUntilDue == 1>（即明天）<#elseif daysUntilDue gt 1>（還有${daysUntilDue}天）</#if>。

還款連結：${repaymentLink}

如果按時還款有困難，歡迎告訴我們。我們可以依您的情況，一起商量更合適的還款計畫（例如分期或延期）：${lender.planUrl}

如有疑問，請撥打 ${lender.supportPhone} 或造訪 ${lender.supportUrl}。

如您已安排這筆還款，請忽略本提醒，謝謝！

${lender.name} 敬上

--
您收到這封郵件，是因為您在${lender.name}有一筆借款。停止郵件提醒：${optOut.unsubscribeUrl}；選擇接收哪些提醒：${optOut.url}
