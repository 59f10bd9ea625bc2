【${lender.name}】您尾号${loanRef}的借款仍有${amount}未还（${dueDate}到期）。如近期资金紧张，可申请分期或延期：${lender.planUrl} 还款：${repaymentLink} 提醒设置：${optOut.url}
