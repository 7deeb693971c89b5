namespace Fleet.Infrastructure.Batches;

/// <summary>
/// One document as the API shows it: <paramref name="Status"/> is one of <see cref="BatchDocumentStatus"/>;
/// <paramref name="Pages"/> and <paramref name="Reason"/> are known once it has finished.
/// </summary>
public sealed record BatchDocumentView(Guid DocumentId, string Key, string Status, int? Pages, string? Reason);
