A friendly reminder: ${amount} due on ${dueDate}
