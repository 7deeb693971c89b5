using Fleet.Contracts.Results;

namespace Fleet.Infrastructure.Batches;

/// <summary>
/// One document as the API shows it: <paramref name="Status"/> is one of <see cref="BatchDocumentStatus"/>;
/// <paramref name="Pages"/>, <paramref name="PageCounts"/> (by source, and how many OCR pages are low-confidence) and
/// <paramref name="Reason"/> are known once it has finished.
/// </summary>
public sealed record BatchDocumentView(Guid DocumentId, string Key, string Status, int? Pages, string? Reason, PageCounts? PageCounts = null);
