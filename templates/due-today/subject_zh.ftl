您的 ${amount} 还款<#if daysUntilDue == 0>今天到期<#else>已于${dueDate}到期</#if>
