【${lender.name}】您尾號${loanRef}的借款有${amount}<#if daysUntilDue == 0>今天（${dueDate}）到期<#else>已於${dueDate}到期</#if>。還款：${repaymentLink} 如還款有困難，可申請調整還款計畫：${lender.planUrl} 提醒設定：${optOut.url}
