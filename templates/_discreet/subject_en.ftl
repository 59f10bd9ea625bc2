<#-- The subject of a discreet email, and the title of a discreet in-app message: seen in inboxes and notifications. -->
A message about your account
