<#-- replaces: overdue/inapp_zh_TW.ftl | expects: error locked-down, error render | reaching Java's API -->
【${lender.name}】我們尚未收到您尾號${loanRef}借款於${dueDate}到期的${amount?api.length()}。如已還款，謝謝。還款：${repaymentLink} 需要協助：${lender.planUrl} 提醒設定：${optOut.url}
