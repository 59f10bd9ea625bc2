<#-- replaces: overdue/sms_zh_TW.ftl | expects: error prohibited/pressure-to-borrow | prohibited language -->
【${lender.name}】<#if name?has_content>${name}，</#if>您好！我們尚未收到您尾號${loanRef}借款於${dueDate}到期的${amount}。如已還款，謝謝，請忽略。可以以貸還貸。還款：${repaymentLink} 如有困難，我們可以協助安排還款計畫：${lender.planUrl} 回覆${optOut.smsKeyword}取消提醒
