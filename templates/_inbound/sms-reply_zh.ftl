<#-- 借款人回复短信后 Kindly 的回复（简体中文）。action: opt-out（确认退订）、help（帮助）、plan（已申请还款计划）。
     Variables: lender.*, optOutWord. -->
<#switch action>
<#case "opt-out">【${lender.name}】您已退订，此号码将不再收到我们的短信还款提醒。如需帮助，请致电${lender.supportPhone}。<#break>
<#case "help">【${lender.name}】还款提醒服务。借款问题请致电${lender.supportPhone}或访问${lender.supportUrl}。如需灵活的还款计划，请回复协商或访问${lender.planUrl}。回复${optOutWord}退订。<#break>
<#case "plan">【${lender.name}】感谢您告诉我们。我们已暂停提醒，工作人员会与您联系商量还款计划。您也可以访问${lender.planUrl}或致电${lender.supportPhone}。<#break>
</#switch>
