您尾號${loanRef}的借款有${amount}今天到期。還款：${repaymentLink} 如今天還款有困難，可申請調整還款計畫：${lender.planUrl} 提醒設定：${optOut.url}
