namespace Fleet.Infrastructure.Batches;

/// <summary>An active document whose last progress (in <paramref name="State"/>) is older than the deadline.</summary>
public sealed record StalledDocument(Guid BatchId, Guid DocumentId, string Key, string State, DateTimeOffset ProgressAt);
