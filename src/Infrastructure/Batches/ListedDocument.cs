using Fleet.Contracts.Results;

namespace Fleet.Infrastructure.Batches;

/// <summary>
/// One input of a batch as the listing found it: <paramref name="Sequence"/> is its place in listing order,
/// <paramref name="SameContentAs"/> an earlier document with the same bytes (this one starts after it finishes), and
/// <paramref name="Refusal"/> the reason when the key itself is refused (the document fails without being read).
/// </summary>
public sealed record ListedDocument(
    Guid DocumentId, long Sequence, string Key, string OutputKeyBase, Guid? SameContentAs = null, string? Refusal = null)
{
    /// <summary>The manifest entry of a refused document: failed with the refusal, nothing read.</summary>
    public ManifestDocument RefusalEntry() =>
        new(Key, DocumentStatus.Failed, Refusal, null, 0, PageCounts.None, [], StageTimings.None, 0, []);

    /// <summary>The manifest entry of a document its batch's cancel stopped before it started.</summary>
    public ManifestDocument CancelledEntry() =>
        new(Key, DocumentStatus.Cancelled, "the batch was cancelled before this document started", null, 0, PageCounts.None, [], StageTimings.None, 0, []);
}
