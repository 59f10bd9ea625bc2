<#-- An SMS gateway called with GET and query parameters (kindly.channel.sms.method = GET): this renders the query
     string. Rename the parameters to your gateway's; every value goes through ?url.
     Variables: to (E.164 mobile), text, senderId, messageId (Kindly's id, the same on every retry). -->
to=${to?url}&from=${senderId?url}&text=${text?url}&reference=${messageId?url}
