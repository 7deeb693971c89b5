using Fleet.Infrastructure.Batches;

namespace Fleet.Ingest.Api.Batches;

/// <summary>The body of <c>GET /batches/{id}/documents</c>: <c>{"items": [{documentId, key, status, pages, reason}], "next"}</c>.</summary>
public sealed record DocumentsPage(IReadOnlyList<BatchDocumentView> Items, string? Next);
