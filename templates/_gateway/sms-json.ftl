<#-- The SMS gateway's request body (kindly.channel.sms.request-template). Adapt it to your gateway's API.
     Variables: to (E.164 mobile), text, senderId, messageId (Kindly's id, the same on every retry).
     Every value goes through ?json_string so quotes and line breaks cannot break the JSON. -->
{
  "to": "${to?json_string}",
  "from": "${senderId?json_string}",
  "text": "${text?json_string}",
  "reference": "${messageId?json_string}"
}
