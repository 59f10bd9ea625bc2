<#-- Twilio's Messages API (kindly.channel.sms.preset = twilio): the form body of a POST to
     https://api.twilio.com/2010-04-01/Accounts/<AccountSid>/Messages.json, with basic authentication (the account
     SID as kindly.channel.sms.username, the auth token in KINDLY_CHANNEL_SMS_PASSWORD). From is the lender's Twilio
     number or alphanumeric sender id; the status callback carries Kindly's reference for the message (ref). -->
To=${to?url}&From=${senderId?url}&Body=${text?url}&StatusCallback=${(receiptUrl + "?ref=" + messageId)?url}
