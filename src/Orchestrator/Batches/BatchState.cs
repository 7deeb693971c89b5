namespace Fleet.Orchestrator.Batches;

/// <summary>
/// One batch, as counters: its documents live in the batch's ledger (<see cref="IBatchDocuments"/>), so this row
/// stays the same size for 10 documents or 100,000. The submission is kept without its key list.
/// </summary>
public sealed class BatchState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";
    public SubmitBatch? Submission { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public bool Listed { get; set; }
    public int Total { get; set; }
    /// <summary>Documents dispatched and not finished yet.</summary>
    public int Active { get; set; }
    public int FinishedCount { get; set; }
    public int FailedCount { get; set; }
    public int ReusedCount { get; set; }
    /// <summary>Documents a cancel ended before they started (counted in <see cref="FinishedCount"/>).</summary>
    public int CancelledCount { get; set; }
    /// <summary>A cancel arrived: no document starts any more, and the batch ends Cancelled.</summary>
    public bool CancelRequested { get; set; }
    public string? ManifestKey { get; set; }
    /// <summary>Why the batch was rejected or failed.</summary>
    public string? Reason { get; set; }

    public bool AllFinished => Listed && FinishedCount == Total;

    public void Submit(SubmitBatch submission) => Submission = submission with { Keys = null };

    /// <summary>The listing is in the ledger: counts start from it (refused keys are finished already).</summary>
    public void Receive(BatchReceived received, BatchDocumentTotals totals)
    {
        (Submission, ReceivedAt, Listed) = (received.Submission with { Keys = null }, received.ReceivedAt, true);
        (Total, Active, FinishedCount, FailedCount, ReusedCount) = (totals.Documents, totals.Active, totals.Finished, totals.Failed, totals.Reused);
    }

    /// <summary>Counts a document the ledger has just recorded as finished (the ledger makes this happen once per document).</summary>
    public void CountFinished(ManifestDocument entry)
    {
        Active--;
        FinishedCount++;
        if (entry.Status == DocumentStatus.Failed)
            FailedCount++;
        else if (entry.Reused)
            ReusedCount++;
    }

    /// <summary>Counts the waiting documents the ledger has just ended as cancelled.</summary>
    public void CountCancelled(int cancelled)
    {
        FinishedCount += cancelled;
        CancelledCount += cancelled;
    }

    public WriteManifest ToWriteManifest() => new(CorrelationId, Submission!, ReceivedAt, CancelRequested);

    public BatchStatus ToStatus(string state) =>
        new(CorrelationId, state, Total, FinishedCount, FailedCount, ManifestKey, Submission?.OutputBucket, Reason, CancelledCount);
}
