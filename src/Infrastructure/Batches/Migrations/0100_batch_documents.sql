-- The ledger of every batch's documents (Fleet.Infrastructure.Batches.PostgresBatchDocuments): one row per input, so
-- that no saga row or message grows with a batch. Idempotent: safe to run again.
CREATE SCHEMA IF NOT EXISTS fleet;

CREATE TABLE IF NOT EXISTS fleet.batch_documents (
    batch_id        uuid        NOT NULL,
    document_id     uuid        NOT NULL,
    sequence        bigint      NOT NULL,   -- place in listing order, deterministic across redeliveries
    input_key       text        NOT NULL,
    output_key_base text        NOT NULL,
    same_content_as uuid        NULL,       -- an earlier document with the same bytes: this one waits for it
    status          text        NOT NULL,   -- waiting | active | finished
    outcome         text        NULL,       -- succeeded | failed, once finished
    reason          text        NULL,
    pages           integer     NULL,
    reused          boolean     NOT NULL DEFAULT false,
    entry           jsonb       NULL,       -- the manifest entry, once finished
    state           text        NOT NULL,   -- the document's last known state, named in a deadline's reason
    progress_at     timestamptz NOT NULL,   -- last progress; an active row older than the deadline is stalled
    PRIMARY KEY (batch_id, document_id),
    CONSTRAINT batch_documents_sequence UNIQUE (batch_id, sequence),
    CONSTRAINT batch_documents_status CHECK (status IN ('waiting', 'active', 'finished'))
);

-- Dispatch: the next waiting documents of a batch in listing order.
CREATE INDEX IF NOT EXISTS batch_documents_waiting ON fleet.batch_documents (batch_id, sequence) WHERE status = 'waiting';
-- The manifest: finished entries in ordinal (byte) key order.
CREATE INDEX IF NOT EXISTS batch_documents_finished_key ON fleet.batch_documents (batch_id, input_key COLLATE "C") WHERE status = 'finished';
-- Output names already taken in a batch (collision rule at listing).
CREATE INDEX IF NOT EXISTS batch_documents_output_key ON fleet.batch_documents (batch_id, output_key_base);
-- The deadline sweeper: active documents by last progress, across batches.
CREATE INDEX IF NOT EXISTS batch_documents_stalled ON fleet.batch_documents (progress_at) WHERE status = 'active';
