【${lender.name}】<#if name?has_content>${name}，</#if>您好！溫馨提醒：您尾號${loanRef}的借款有${amount}將於${dueDate}到期。還款：${repaymentLink} 如需調整還款計畫：${lender.planUrl} 回覆${optOut.smsKeyword}取消提醒
