還款提醒：${amount} 將於${dueDate}到期
