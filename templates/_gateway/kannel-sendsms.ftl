<#-- Kannel's sendsms interface (kindly.channel.sms.preset = kannel): the query string of a GET to
     http://<smsbox>:13013/cgi-bin/sendsms. username and password are Kannel's sendsms-user (kindly.channel.sms.username,
     KINDLY_CHANNEL_SMS_PASSWORD). Each message goes in its own coding: 0 (GSM-7) or 2 (UCS-2), given as UTF-8 text
     that Kannel converts. dlr-mask 19 asks for delivered (1), failed (2) and rejected by the SMSC (16); the dlr-url is
     Kindly's receipt endpoint with Kindly's reference for this message (ref) and Kannel's fields: %d the report type,
     %A the SMSC's answer. Kannel fills those in when it calls the URL, so they must reach it unexpanded. -->
username=${username?url}&password=${password?url}&from=${senderId?url}&to=${to?url}&text=${text?url}&charset=UTF-8&coding=${(coding == "UCS-2")?then("2", "0")}&dlr-mask=19&dlr-url=${(receiptUrl + "?ref=" + messageId + "&status=%d&answer=%A")?url}
