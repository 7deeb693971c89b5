using Fleet.Contracts.Results;

namespace Fleet.Infrastructure.Batches;

/// <summary>
/// The ledger of a batch's documents, one row each, so that no saga row or message grows with the batch. The batch
/// saga dispatches from it a window at a time and counts finished documents into it; the manifest is streamed from it.
/// Writes join the consumed message's transaction where there is one (see Persistence.IDbSession), so a saga
/// transition and its ledger writes commit together.
/// </summary>
public interface IBatchDocuments
{
    /// <summary>
    /// Adds listed documents; a document already there (same id, or same sequence number) is left as it is, so a
    /// redelivered listing adds nothing twice. A document with a <see cref="ListedDocument.Refusal"/> enters finished
    /// (failed), with its manifest entry.
    /// </summary>
    Task AddAsync(Guid batchId, IReadOnlyList<ListedDocument> documents, CancellationToken cancellationToken = default);

    /// <summary>Which of <paramref name="outputKeyBases"/> documents of the batch already use, and which document each.</summary>
    Task<IReadOnlyDictionary<string, Guid>> OutputKeyBaseOwnersAsync(Guid batchId, IReadOnlyCollection<string> outputKeyBases,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks at most <paramref name="max"/> waiting documents active and returns them, in listing order. A document
    /// with the same content as an earlier one waits until that one has finished, so it finds the stored result
    /// instead of processing the same pages twice.
    /// </summary>
    Task<IReadOnlyList<ListedDocument>> StartNextAsync(Guid batchId, int max, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>An active document moved on (into <paramref name="state"/>): its deadline starts again.</summary>
    Task RecordProgressAsync(Guid batchId, Guid documentId, string state, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Records an active document's manifest entry; true only for the call that did (a redelivery gets false).</summary>
    Task<bool> FinishAsync(Guid batchId, Guid documentId, ManifestDocument entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends every waiting document of the batch as cancelled (a manifest entry saying so) and returns how many; active
    /// and finished ones are left as they are.
    /// </summary>
    Task<int> CancelWaitingAsync(Guid batchId, CancellationToken cancellationToken = default);

    /// <summary>A finished document's manifest entry; null while it is not finished or not a document of the batch.</summary>
    Task<ManifestDocument?> EntryAsync(Guid batchId, Guid documentId, CancellationToken cancellationToken = default);

    Task<BatchDocumentTotals> TotalsAsync(Guid batchId, CancellationToken cancellationToken = default);

    /// <summary>The finished documents' manifest entries in ordinal key order, read as they are written out.</summary>
    IAsyncEnumerable<ManifestDocument> FinishedEntriesAsync(Guid batchId, CancellationToken cancellationToken = default);

    /// <summary>Documents in listing order after <paramref name="after"/> (from the start when null), at most <paramref name="limit"/>.</summary>
    Task<BatchDocumentPage> PageAsync(Guid batchId, BatchDocumentCursor? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Active documents of any batch with no progress since <paramref name="progressBefore"/>, at most
    /// <paramref name="max"/>. Each is claimed (its progress time set to <paramref name="now"/>), so several sweepers
    /// never report the same document in the same deadline period.
    /// </summary>
    Task<IReadOnlyList<StalledDocument>> ClaimStalledAsync(DateTimeOffset progressBefore, DateTimeOffset now, int max,
        CancellationToken cancellationToken = default);
}
