using System.Collections.Concurrent;
using Fleet.Contracts.Chunks;
using Fleet.Contracts.Documents;
using Fleet.Contracts.Results;

namespace Fleet.Ingest.Api.Dashboard;

/// <summary>
/// Pages as they are done, per batch and for the whole fleet, heard from the bus (<see cref="BatchPulseConsumer"/>):
/// the batch sagas count documents, not pages. Each api process hears every event on a queue of its own, so its
/// counts are complete from the moment it started; a batch begun earlier shows only the pages done since.
/// </summary>
public sealed class BatchPulse
{
    private readonly ConcurrentDictionary<Guid, Batch> batches = new();
    private long pagesDone;
    private long documentsFailed;

    public long PagesDone => Interlocked.Read(ref pagesDone);

    public long DocumentsFailed => Interlocked.Read(ref documentsFailed);

    public (int PagesDone, int PagesKnown, int DocumentsInspected) Of(Guid batchId) =>
        batches.TryGetValue(batchId, out var batch) ? batch.Read() : (0, 0, 0);

    public void Inspected(Guid batchId, Guid documentId, int pages) => For(batchId).Inspected(documentId, pages);

    public void ChunkDone(Guid batchId, Guid documentId, int chunkIndex, int pages)
    {
        if (For(batchId).ChunkDone(documentId, chunkIndex, pages))
            Interlocked.Add(ref pagesDone, pages);
    }

    public void DocumentFinished(string status)
    {
        if (status == DocumentStatus.Failed)
            Interlocked.Increment(ref documentsFailed);
    }

    /// <summary>Drops what is kept for batches that have ended.</summary>
    public void Forget(Guid batchId) => batches.TryRemove(batchId, out _);

    private Batch For(Guid batchId) => batches.GetOrAdd(batchId, _ => new Batch());

    private sealed class Batch
    {
        private readonly Lock gate = new();
        private readonly HashSet<Guid> inspected = [];
        private readonly HashSet<(Guid, int)> chunks = [];
        private int pagesKnown;
        private int pagesDone;

        public void Inspected(Guid documentId, int pages)
        {
            lock (gate)
            {
                if (inspected.Add(documentId))
                    pagesKnown += pages;
            }
        }

        public bool ChunkDone(Guid documentId, int chunkIndex, int pages)
        {
            lock (gate)
            {
                if (!chunks.Add((documentId, chunkIndex)))
                    return false;
                pagesDone += pages;
                return true;
            }
        }

        public (int, int, int) Read()
        {
            lock (gate) return (pagesDone, pagesKnown, inspected.Count);
        }
    }
}

/// <summary>Feeds <see cref="BatchPulse"/>; it never changes a batch.</summary>
public sealed class BatchPulseConsumer(BatchPulse pulse) :
    IConsumer<DocumentInspected>, IConsumer<PageChunkProcessed>, IConsumer<DocumentFinished>
{
    public Task Consume(ConsumeContext<DocumentInspected> context)
    {
        var m = context.Message;
        pulse.Inspected(m.BatchId, m.DocumentId, m.PageCount);
        // A document read whole at inspection has all its pages done there: they count as its one chunk.
        if (m.ReadInline is { } read)
            pulse.ChunkDone(m.BatchId, m.DocumentId, 0, read.Pages.Total);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<PageChunkProcessed> context)
    {
        var m = context.Message;
        pulse.ChunkDone(m.BatchId, m.DocumentId, m.ChunkIndex, m.Pages.Total);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<DocumentFinished> context)
    {
        pulse.DocumentFinished(context.Message.Entry.Status);
        return Task.CompletedTask;
    }
}
