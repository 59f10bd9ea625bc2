<#-- 低調簡訊（策略設定 discreet = true）：鎖定畫面可能被他人看到，不寫金額、欠款或到期日；只說明有一則關於帳戶的訊息與連結。 -->
【${lender.name}】您有一則關於帳戶的訊息，請查看：${repaymentLink} 回覆${optOut.smsKeyword}退訂
