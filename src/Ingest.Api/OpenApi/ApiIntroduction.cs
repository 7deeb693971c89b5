namespace Fleet.Ingest.Api.OpenApi;

/// <summary>The OpenAPI document's description: the introduction the Scalar page opens with.</summary>
public static class ApiIntroduction
{
    public const string Title = "Fleet batch OCR API";

    public const string Markdown = """
        Fleet turns PDFs and images into text: each page's text layer where it is good, PaddleOCR elsewhere. Images
        (`.png`, `.jpg`/`.jpeg`, `.tif`/`.tiff` with any number of pages, `.webp`) are pages without a text layer: each
        is OCR'd upright (EXIF orientation applied) at its stated resolution, or at an estimated one when it states none.
        For every input `<name>.pdf` (or `<name>.png`, ...) it writes `<name>.txt` and `<name>.json`, and one
        `runs/<batchId>/manifest.json` per batch. An encrypted PDF opens with a password given in the batch's
        `passwords`, which is never stored with the batch, its messages or its manifest.

        **Authentication.** Every route but `/health` and `/health/ready` needs an API key, sent as `X-Api-Key: KEY` or
        `Authorization: Bearer KEY`. A key belongs to a tenant: you see only your tenant's batches (another tenant's
        batch id answers 404), use only the buckets configured for it, and your idempotency keys are your own.

        **A batch, step by step.** `POST /batches` names an input bucket and keys (or a prefix) and an output bucket;
        it answers `202` with the batch id. Without bucket access, `POST /documents` takes one PDF as
        `multipart/form-data` (field `file`). Poll `GET /batches/{id}` until the state is `Completed`, `Cancelled`,
        `Rejected` or `Failed`; `GET /batches/{id}/documents` lists each document with its status and pages;
        `GET /batches/{id}/documents/{documentId}/result?format=txt` streams its text, `format=json` its pages, lines,
        words, boxes and confidences; `GET /batches/{id}/manifest` streams the manifest. `DELETE /batches/{id}` cancels
        (documents not started never start, those in flight finish); `POST /batches/{id}/retry` starts a new batch of
        the failed documents.

        **Completion callback.** A batch submitted with `callbackUrl` is POSTed there when it ends, with its status as
        the body (as `GET /batches/{id}` answers it) and a header `Fleet-Signature: t=UNIX_SECONDS,v1=HEX`: HEX is the
        HMAC-SHA256, keyed with your tenant's callback secret, of `UNIX_SECONDS + "." + body`. Recompute it over the raw
        body, compare in constant time and refuse old timestamps. Tries are repeated with doubling waits until a 2xx
        answer; `callback` in the batch status says how it went.

        **Errors** are RFC 9457 problem details (`application/problem+json`) with a `type` URN
        (`urn:fleet:problem:validation`, `invalid-json`, `unauthorized`, `not-found`, `conflict`, `too-large`,
        `idempotency-key-reused`, `too-many-requests`, `too-many-batches`) and, for a 400, `errors` by field. Unknown
        fields and fields of the wrong type are 400, not ignored. A 429 has `Retry-After`.
        """;
}
