【${lender.name}】我們尚未收到您尾號${loanRef}借款於${dueDate}到期的${amount}。如已還款，謝謝。還款：${repaymentLink} 需要協助：${lender.planUrl} 提醒設定：${optOut.url}
