namespace Fleet.Ingest.Api.Batches;

/// <summary>The answer to an accepted submission: the batch's id and where to poll its status.</summary>
public sealed record BatchAccepted(Guid BatchId, string StatusUrl);
