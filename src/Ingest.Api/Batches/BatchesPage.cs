namespace Fleet.Ingest.Api.Batches;

/// <summary>The body of <c>GET /batches</c>: the tenant's batches, newest first; follow <c>next</c> until it is null.</summary>
public sealed record BatchesPage(IReadOnlyList<BatchStatusResponse> Items, string? Next);
