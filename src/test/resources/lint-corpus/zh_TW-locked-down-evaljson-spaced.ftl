<#-- replaces: overdue/sms_zh_TW.ftl | expects: error locked-down | ?eval_json, spaced after the ? -->
【${lender.name}】<#if name?has_content>${name}，</#if>您好！我們尚未收到您尾號${loanRef}借款於${dueDate}到期的${amount}${"{}"? eval_json?size}。如已還款，謝謝，請忽略。還款：${repaymentLink} 如有困難，我們可以協助安排還款計畫：${lender.planUrl} 回覆${optOut.smsKeyword}取消提醒
