using Fleet.Contracts.Batches;
using Fleet.Contracts.Chunks;
using Fleet.Contracts.Documents;
using Fleet.Contracts.Results;
using MassTransit;

namespace Fleet.Cli.Run;

/// <summary>Listens to a batch's events so the console can show progress; it never changes the batch.</summary>
public sealed class RunProgressConsumer(RunTracker tracker) :
    IConsumer<BatchReceived>, IConsumer<BatchRejected>, IConsumer<BatchFailed>, IConsumer<DocumentInspected>,
    IConsumer<PageChunkProcessed>, IConsumer<DocumentFinished>, IConsumer<BatchCompleted>
{
    public Task Consume(ConsumeContext<BatchReceived> context) =>
        On(context.Message.BatchId, p => p.Received(context.Message.Documents.Count));

    public Task Consume(ConsumeContext<BatchRejected> context) =>
        On(context.Message.BatchId, p => p.Completion.TrySetException(new BatchRejectedException(context.Message.Reason)));

    /// <summary>The batch itself could not finish (its inputs could not be listed, its manifest not written).</summary>
    public Task Consume(ConsumeContext<BatchFailed> context) =>
        On(context.Message.BatchId, p => p.Completion.TrySetException(new BatchRejectedException(context.Message.Reason)));

    /// <summary>A document read whole at inspection has all its pages done there: they count as one chunk.</summary>
    public Task Consume(ConsumeContext<DocumentInspected> context) =>
        On(context.Message.BatchId, p =>
        {
            p.Inspected(context.Message.DocumentId, context.Message.PageCount);
            if (context.Message.ReadInline is { } read)
                p.ChunkDone(context.Message.DocumentId, 0, read.Pages.Total);
        });

    public Task Consume(ConsumeContext<PageChunkProcessed> context) =>
        On(context.Message.BatchId, p => p.ChunkDone(context.Message.DocumentId, context.Message.ChunkIndex, context.Message.Pages.Total));

    public Task Consume(ConsumeContext<DocumentFinished> context) =>
        On(context.Message.BatchId, p =>
        {
            var entry = context.Message.Entry;
            p.Finished(entry.Key, entry.Status == DocumentStatus.Failed, entry.Reason, entry.Reused, entry.Pages.Total);
        });

    public Task Consume(ConsumeContext<BatchCompleted> context) =>
        On(context.Message.BatchId, p => p.Completion.TrySetResult(context.Message));

    private Task On(Guid batchId, Action<BatchProgress> update)
    {
        if (tracker.Find(batchId) is { } progress)
            update(progress);
        return Task.CompletedTask;
    }
}

/// <summary>The batch ended without a manifest: rejected, or failed as a whole; the message says why.</summary>
public sealed class BatchRejectedException(string reason) : Exception(reason);
