using System.Collections.Concurrent;
using System.Diagnostics;
using Fleet.Contracts.Batches;

namespace Fleet.Cli.Run;

/// <summary>What a waiting caller knows of its batch: counts fed by the bus's events, and the batch's end.</summary>
public sealed class RunTracker
{
    private readonly ConcurrentDictionary<Guid, BatchProgress> batches = new();

    public BatchProgress Track(Guid batchId) => batches.GetOrAdd(batchId, _ => new BatchProgress());

    public BatchProgress? Find(Guid batchId) => batches.GetValueOrDefault(batchId);
}

/// <summary>Live counts for one batch. Updated from consumer threads, read by the progress display.</summary>
public sealed class BatchProgress
{
    private readonly Lock gate = new();
    private readonly HashSet<Guid> inspected = [];
    private readonly HashSet<(Guid, int)> chunksDone = [];
    private readonly long startedAt = Stopwatch.GetTimestamp();

    public int Documents { get; private set; } = -1;
    public int DocumentsFinished { get; private set; }
    public int DocumentsFailed { get; private set; }
    public int DocumentsReused { get; private set; }
    public int DocumentsInspected { get; private set; }
    public int PagesKnown { get; private set; }
    public int PagesDone { get; private set; }
    public TaskCompletionSource<BatchCompleted> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public event Action<string>? DocumentEnded;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(startedAt);

    public double PagesPerSecond => Elapsed.TotalSeconds > 0 ? PagesDone / Elapsed.TotalSeconds : 0;

    /// <summary>Remaining time, guessing not-yet-inspected documents' pages from the average so far; null until there is a rate.</summary>
    public TimeSpan? EstimatedRemaining
    {
        get
        {
            lock (gate)
            {
                if (PagesDone == 0 || DocumentsInspected == 0 || Documents <= 0)
                    return null;
                var expectedPages = PagesKnown + (Documents - DocumentsInspected) * (double)PagesKnown / DocumentsInspected;
                return TimeSpan.FromSeconds(Math.Max(0, expectedPages - PagesDone) / PagesPerSecond);
            }
        }
    }

    public void Received(int documents)
    {
        lock (gate) Documents = documents;
    }

    public void Inspected(Guid documentId, int pages)
    {
        lock (gate)
        {
            if (!inspected.Add(documentId)) return;
            DocumentsInspected++;
            PagesKnown += pages;
        }
    }

    public void ChunkDone(Guid documentId, int chunkIndex, int pages)
    {
        lock (gate)
        {
            if (chunksDone.Add((documentId, chunkIndex)))
                PagesDone += pages;
        }
    }

    /// <summary>A reused document's pages were done before this run: they count as done now.</summary>
    public void Finished(string key, bool failed, string? reason, bool reused = false, int reusedPages = 0)
    {
        lock (gate)
        {
            DocumentsFinished++;
            if (failed) DocumentsFailed++;
            if (reused)
            {
                DocumentsReused++;
                PagesDone += reusedPages;
            }
        }
        DocumentEnded?.Invoke(failed ? $"{key}: failed: {reason}" : reused ? $"{key}: reused" : $"{key}: done");
    }
}
