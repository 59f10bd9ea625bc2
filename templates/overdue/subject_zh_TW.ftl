我們尚未收到您${dueDate}到期的 ${amount} 還款
