namespace Fleet.Contracts.Documents;

public sealed record DocumentInspected(Guid DocumentId, Guid BatchId, int PageCount, long SizeBytes, string Sha256, double InspectMs);
