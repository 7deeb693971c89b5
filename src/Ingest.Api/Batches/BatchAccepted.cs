namespace Fleet.Ingest.Api.Batches;

/// <summary>The answer to an accepted submission: the batch's id, where to poll its status, and the client's tag.</summary>
public sealed record BatchAccepted(Guid BatchId, string StatusUrl, string? Tag);
