namespace Fleet.Contracts.Documents;

/// <summary>Inspection refused the input (not a PDF, encrypted, over a limit); <paramref name="Reason"/> is for people.</summary>
public sealed record DocumentRejected(Guid DocumentId, Guid BatchId, string Reason, long SizeBytes, string? Sha256);
