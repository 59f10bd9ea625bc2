<#if name?has_content>${name}，您好：<#else>您好：</#if>

您在${lender.name}尾號${loanRef}的借款仍有 ${amount} 未還（${dueDate}到期）。

我們理解每個人都可能遇到暫時的困難。如果您近期資金吃緊，我們願意和您一起找到可行的辦法，例如分期或延期還款。您可以在這裡申請：${lender.planUrl}，或致電 ${lender.supportPhone}。

還款連結：${repaymentLink}

如您已還款或已與我們商定還款計畫，謝謝，請忽略本提醒。

${lender.name} 敬上

--
您收到這封郵件，是因為您在${lender.name}有一筆借款。停止郵件提醒：${optOut.unsubscribeUrl}；選擇接收哪些提醒：${optOut.url}
