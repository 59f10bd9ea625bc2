Your repayment of ${amount} is due today
