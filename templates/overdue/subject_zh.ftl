我们尚未收到您${dueDate}到期的 ${amount} 还款
