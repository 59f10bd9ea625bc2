【${lender.name}】溫馨提醒：您尾號${loanRef}的借款有${amount}將於${dueDate}到期。還款：${repaymentLink} 如需調整還款計畫：${lender.planUrl} 提醒設定：${optOut.url}
