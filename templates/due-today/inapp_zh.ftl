【${lender.name}】您尾号${loanRef}的借款有${amount}<#if daysUntilDue == 0>今天（${dueDate}）到期<#else>已于${dueDate}到期</#if>。还款：${repaymentLink} 如还款有困难，可申请调整还款计划：${lender.planUrl} 提醒设置：${optOut.url}
