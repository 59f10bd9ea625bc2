Let's find a repayment plan that works for you
