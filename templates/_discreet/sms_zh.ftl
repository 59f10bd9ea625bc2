<#-- 低调短信（策略配置 discreet = true）：锁屏可能被他人看到，不写金额、欠款或到期日；只说明有一条关于账户的消息和链接。 -->
【${lender.name}】您有一条关于账户的消息，请查看：${repaymentLink} 回复${optOut.smsKeyword}退订
