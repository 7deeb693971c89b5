namespace Fleet.Orchestrator.Batches;

/// <summary>One batch: its documents waiting, active and finished, and the manifest entries gathered so far.</summary>
public sealed class BatchState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";
    public SubmitBatch Submission { get; set; } = null!;
    public DateTimeOffset ReceivedAt { get; set; }
    public int Total { get; set; }
    public int Active { get; set; }
    public Queue<BatchDocument> Waiting { get; set; } = [];
    public Dictionary<Guid, ManifestDocument> Finished { get; set; } = [];

    public bool AllFinished => Finished.Count == Total;

    public void Receive(BatchReceived received)
    {
        (Submission, ReceivedAt, Total) = (received.Submission, received.ReceivedAt, received.Documents.Count);
        Waiting = new Queue<BatchDocument>(received.Documents);
    }

    /// <summary>Documents to start now so that at most <paramref name="maxActive"/> are in flight (back-pressure).</summary>
    public IReadOnlyList<BatchDocument> TakeDispatchable(int maxActive)
    {
        var taken = new List<BatchDocument>();
        while (Active < maxActive && Waiting.TryDequeue(out var document))
        {
            taken.Add(document);
            Active++;
        }
        return taken;
    }

    /// <summary>Counts a finished document once, however often its message is delivered.</summary>
    public void RecordFinished(DocumentFinished finished)
    {
        if (Finished.TryAdd(finished.DocumentId, finished.Entry))
            Active--;
    }

    public WriteManifest ToWriteManifest() =>
        new(CorrelationId, Submission, ReceivedAt, Finished.Values.OrderBy(d => d.Key, StringComparer.Ordinal).ToList());
}
