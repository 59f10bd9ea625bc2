【${lender.name}】<#if name?has_content>${name}，</#if>您好！您尾號${loanRef}的借款有${amount}今天（${dueDate}）到期。還款：${repaymentLink} 如今天還款有困難，可申請調整還款計畫：${lender.planUrl} 回覆${optOut.smsKeyword}取消提醒
