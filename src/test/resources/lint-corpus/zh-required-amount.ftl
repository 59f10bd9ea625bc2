<#-- replaces: overdue/sms_zh.ftl | expects: error required/amount | an SMS without amount -->
【${lender.name}】<#if name?has_content>${name}，</#if>您好！我们暂未收到您尾号${loanRef}借款在${dueDate}到期的款项。如已还款，谢谢，请忽略。还款：${repaymentLink} 如有困难，我们可以协助安排还款计划：${lender.planUrl} 回复${optOut.smsKeyword}退订
