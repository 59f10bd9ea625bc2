<#-- 借款人回覆簡訊後 Kindly 的回覆（繁體中文）。action: opt-out（確認取消）、help（說明）、plan（已申請還款計畫）。
     Variables: lender.*, optOutWord. -->
<#switch action>
<#case "opt-out">【${lender.name}】您已取消提醒，此號碼將不再收到我們的簡訊還款提醒。如需協助，請撥打${lender.supportPhone}。<#break>
<#case "help">【${lender.name}】還款提醒服務。借款問題請撥打${lender.supportPhone}或造訪${lender.supportUrl}。如需彈性的還款計畫，請回覆協商或造訪${lender.planUrl}。回覆${optOutWord}取消提醒。<#break>
<#case "plan">【${lender.name}】感謝您告訴我們。我們已暫停提醒，專人會與您聯繫商量還款計畫。您也可以造訪${lender.planUrl}或撥打${lender.supportPhone}。<#break>
</#switch>
