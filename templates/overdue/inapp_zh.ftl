【${lender.name}】我们暂未收到您尾号${loanRef}借款在${dueDate}到期的${amount}。如已还款，谢谢。还款：${repaymentLink} 需要帮助：${lender.planUrl} 提醒设置：${optOut.url}
