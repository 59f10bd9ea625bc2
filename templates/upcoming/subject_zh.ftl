还款提醒：${amount} 将于${dueDate}到期
