<#-- replaces: overdue/inapp_zh.ftl | expects: error locked-down, error render | reaching Java's API -->
【${lender.name}】我们暂未收到您尾号${loanRef}借款在${dueDate}到期的${amount?api.length()}。如已还款，谢谢。还款：${repaymentLink} 需要帮助：${lender.planUrl} 提醒设置：${optOut.url}
