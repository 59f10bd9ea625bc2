您尾号${loanRef}的借款有${amount}今天到期。还款：${repaymentLink} 如今天还款有困难，可申请调整还款计划：${lender.planUrl} 提醒设置：${optOut.url}
