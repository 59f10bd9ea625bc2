您的 ${amount} 還款今天到期
