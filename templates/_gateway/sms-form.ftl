<#-- An SMS gateway that takes a form POST (kindly.channel.sms.content-type = application/x-www-form-urlencoded).
     Rename the fields to your gateway's. Every value goes through ?url so & and = in a message cannot break the form.
     Variables: to (E.164 mobile), text, senderId, messageId (Kindly's id, the same on every retry). -->
to=${to?url}&from=${senderId?url}&text=${text?url}&reference=${messageId?url}
