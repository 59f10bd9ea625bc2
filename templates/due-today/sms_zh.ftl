【${lender.name}】<#if name?has_content>${name}，</#if>您好！您尾号${loanRef}的借款有${amount}今天（${dueDate}）到期。还款：${repaymentLink} 如今天还款有困难，可申请调整还款计划：${lender.planUrl} 回复${optOut.smsKeyword}退订
