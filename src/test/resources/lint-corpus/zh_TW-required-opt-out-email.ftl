<#-- replaces: overdue/email-text_zh_TW.ftl | expects: error required/opt-out | an email without an unsubscribe link -->
<#if name?has_content>${name}，您好：<#else>您好：</#if>

我們尚未收到您在${lender.name}尾號${loanRef}借款的 ${amount} 還款（${dueDate}到期）。可能只是一時疏忽，或款項仍在途中；如您已還款，謝謝，請忽略本提醒。

還款連結：${repaymentLink}

如果您現在還款有困難，請告訴我們。我們可以依您的情況，一起商量合適的還款計畫（例如分期或延期）：${lender.planUrl}

如有疑問，請撥打 ${lender.supportPhone} 或造訪 ${lender.supportUrl}。

${lender.name} 敬上

--
您收到這封郵件，是因為您在${lender.name}有一筆借款。停止郵件提醒：our website；選擇接收哪些提醒：our app
