<#-- Vonage's SMS API (kindly.channel.sms.preset = vonage): the form body of a POST to https://rest.nexmo.com/sms/json.
     api_key and api_secret come from kindly.channel.sms.api-key and KINDLY_CHANNEL_SMS_API_SECRET. type=unicode for
     a message that needs UCS-2, text otherwise; client-ref is Kindly's reference, echoed in the delivery receipt. -->
api_key=${apiKey?url}&api_secret=${apiSecret?url}&from=${senderId?url}&to=${to?url?replace("%2B", "")}&text=${text?url}&type=${(coding == "UCS-2")?then("unicode", "text")}&client-ref=${messageId?url}&callback=${receiptUrl?url}
