-- Passwords given with a batch for its encrypted PDFs (Fleet.Infrastructure.Passwords.PostgresBatchPasswords): a table
-- of their own, so they are in no saga row, message (outbox) or manifest; a batch's rows are deleted when it ends.
-- Idempotent: safe to run again.
CREATE SCHEMA IF NOT EXISTS fleet;

CREATE TABLE IF NOT EXISTS fleet.batch_passwords (
    batch_id   uuid        NOT NULL,
    ordinal    integer     NOT NULL,   -- the order they were given in, the order they are tried in
    input_key  text        NULL,       -- the input it is for; NULL: any input of the batch
    password   text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (batch_id, ordinal)
);
