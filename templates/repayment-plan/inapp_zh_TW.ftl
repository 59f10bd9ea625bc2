【${lender.name}】您尾號${loanRef}的借款仍有${amount}未還（${dueDate}到期）。如近期資金吃緊，可申請分期或延期：${lender.planUrl} 還款：${repaymentLink} 提醒設定：${optOut.url}
