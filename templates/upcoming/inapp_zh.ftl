【${lender.name}】温馨提醒：您尾号${loanRef}的借款有${amount}将于${dueDate}到期。还款：${repaymentLink} 如需调整还款计划：${lender.planUrl} 提醒设置：${optOut.url}
