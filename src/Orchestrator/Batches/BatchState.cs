namespace Fleet.Orchestrator.Batches;

/// <summary>
/// One batch: its documents waiting, active and finished, and the manifest entries gathered so far. Once the manifest
/// is written only the counts and the manifest's place are kept, so a finished batch stays answerable and small.
/// </summary>
public sealed class BatchState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";
    public SubmitBatch? Submission { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public int Total { get; set; }
    public int Active { get; set; }
    public int FinishedCount { get; set; }
    public int FailedCount { get; set; }
    public string? ManifestKey { get; set; }
    public string? RejectedReason { get; set; }
    public List<BatchDocument> Waiting { get; set; } = [];
    public Dictionary<Guid, ManifestDocument> Finished { get; set; } = [];

    public bool AllFinished => FinishedCount == Total;

    public void Receive(BatchReceived received)
    {
        (Submission, ReceivedAt, Total) = (received.Submission, received.ReceivedAt, received.Documents.Count);
        Waiting = [.. received.Documents];
    }

    /// <summary>
    /// Documents to start now, in listing order, so that at most <paramref name="maxActive"/> are in flight
    /// (back-pressure). A document with the same content as an earlier one waits until that one has finished, so it
    /// finds the stored result instead of processing the same pages twice.
    /// </summary>
    public IReadOnlyList<BatchDocument> TakeDispatchable(int maxActive)
    {
        var taken = new List<BatchDocument>();
        for (var i = 0; i < Waiting.Count && Active < maxActive;)
        {
            var document = Waiting[i];
            if (document.SameContentAs is { } first && !Finished.ContainsKey(first))
            {
                i++;
                continue;
            }
            Waiting.RemoveAt(i);
            taken.Add(document);
            Active++;
        }
        return taken;
    }

    /// <summary>Counts a finished document once, however often its message is delivered.</summary>
    public void RecordFinished(DocumentFinished finished)
    {
        if (!Finished.TryAdd(finished.DocumentId, finished.Entry))
            return;
        Active--;
        FinishedCount++;
        if (finished.Entry.Status == DocumentStatus.Failed)
            FailedCount++;
    }

    public WriteManifest ToWriteManifest() =>
        new(CorrelationId, Submission!, ReceivedAt, Finished.Values.OrderBy(d => d.Key, StringComparer.Ordinal).ToList());

    /// <summary>The manifest holds every document's entry now; the saga keeps only what a status query needs.</summary>
    public void Complete(BatchCompleted completed)
    {
        ManifestKey = completed.ManifestKey;
        Finished = [];
        Waiting = [];
    }

    public BatchStatus ToStatus(string state) =>
        new(CorrelationId, state, Total, FinishedCount, FailedCount, ManifestKey, Submission?.OutputBucket, RejectedReason);
}
