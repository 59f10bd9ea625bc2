-- Delivery and what comes back (MySQL/MariaDB). Kept in step with the other folders.

-- How many times the send of a contact has been tried, and which Kindly process holds its claim: a claim left by a
-- process that died mid-send is found by it, and resolved without sending twice.
alter table kindly_contact add column attempts integer default 0 not null;
alter table kindly_contact add column claimed_by varchar(128);
-- Delivery receipts name a message by the gateway's id for it.
create index ix_kindly_contact_gateway on kindly_contact (gateway_message_id);

-- What gateways and borrowers send back (delivery receipts, SMS replies, bounces and complaints, in-app events),
-- kept as received with what Kindly did about it: the evidence for an opt-out or a hold placed by a reply.
create table kindly_inbound (
    inbound_id       varchar(36)   not null primary key,
    received_at_utc  datetime(6)   not null,
    source           varchar(24)   not null,   -- sms-receipt, sms-reply, email-event, inapp-event
    contact_id       varchar(40),
    borrower_id      varchar(64),
    address          varchar(320),             -- the number or address it came from or is about
    payload          mediumtext,                   -- the request body as received
    action           varchar(40)   not null,   -- DELIVERED, UNDELIVERED, OPTED_OUT, HELP, HOLD_PLACED, IGNORED, ...
    detail           varchar(2000)
);
create index ix_kindly_inbound_contact on kindly_inbound (contact_id);
create index ix_kindly_inbound_address on kindly_inbound (address, received_at_utc);
