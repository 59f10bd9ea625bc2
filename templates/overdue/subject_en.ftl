We have not yet received ${amount}, due on ${dueDate}
