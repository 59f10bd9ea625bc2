您的 ${amount} 还款今天到期
