Your repayment of ${amount} <#if daysUntilDue == 0>is due today<#else>was due on ${dueDate}</#if>
