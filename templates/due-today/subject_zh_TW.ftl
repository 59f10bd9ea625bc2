您的 ${amount} 還款<#if daysUntilDue == 0>今天到期<#else>已於${dueDate}到期</#if>
