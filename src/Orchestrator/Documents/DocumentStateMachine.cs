using Microsoft.Extensions.Options;

namespace Fleet.Orchestrator.Documents;

/// <summary>
/// One document: inspect it, fan out its page chunks, count them back in, assemble, and report to the batch. When
/// inspection finds a stored result of the same content (and no rerun was asked for), the chunks are skipped and the
/// document is assembled from that result; when the inspecting worker has read a short born-digital document whole
/// (<see cref="DocumentReadInline"/>), the document is done.
/// Any refusal, fault or passed deadline ends the document as failed with a reason; the batch goes on. An event that
/// does not belong to the current state (a redelivery, a late answer for a document that has ended) is ignored.
/// </summary>
public sealed class DocumentStateMachine : MassTransitStateMachine<DocumentState>
{
    public State Inspecting { get; private set; } = null!;
    public State Processing { get; private set; } = null!;
    public State Assembling { get; private set; } = null!;

    public Event<StartDocument> Started { get; private set; } = null!;
    public Event<DocumentInspected> Inspected { get; private set; } = null!;
    public Event<DocumentRejected> Rejected { get; private set; } = null!;
    public Event<Fault<InspectDocument>> InspectionFaulted { get; private set; } = null!;
    public Event<PageChunkProcessed> ChunkProcessed { get; private set; } = null!;
    public Event<PageChunkFailed> ChunkFailed { get; private set; } = null!;
    public Event<Fault<ProcessPageChunk>> ChunkFaulted { get; private set; } = null!;
    public Event<DocumentAssembled> Assembled { get; private set; } = null!;
    public Event<Fault<AssembleDocument>> AssemblyFaulted { get; private set; } = null!;
    public Event<DocumentDeadlinePassed> DeadlinePassed { get; private set; } = null!;

    public DocumentStateMachine(IOptions<OrchestratorOptions> options)
    {
        var deadline = options.Value.DocumentDeadline;
        InstanceState(x => x.CurrentState);

        Event(() => Started, e => e.CorrelateById(m => m.Message.DocumentId));
        Event(() => DeadlinePassed, e => e.CorrelateById(m => m.Message.DocumentId));
        // A document that has ended is gone: what still arrives for it is dropped.
        Event(() => Inspected, e => { e.CorrelateById(m => m.Message.DocumentId); e.OnMissingInstance(m => m.Discard()); });
        Event(() => Rejected, e => { e.CorrelateById(m => m.Message.DocumentId); e.OnMissingInstance(m => m.Discard()); });
        Event(() => InspectionFaulted, e => { e.CorrelateById(m => m.Message.Message.DocumentId); e.OnMissingInstance(m => m.Discard()); });
        Event(() => ChunkProcessed, e => { e.CorrelateById(m => m.Message.DocumentId); e.OnMissingInstance(m => m.Discard()); });
        Event(() => ChunkFailed, e => { e.CorrelateById(m => m.Message.DocumentId); e.OnMissingInstance(m => m.Discard()); });
        Event(() => ChunkFaulted, e => { e.CorrelateById(m => m.Message.Message.DocumentId); e.OnMissingInstance(m => m.Discard()); });
        Event(() => Assembled, e => { e.CorrelateById(m => m.Message.DocumentId); e.OnMissingInstance(m => m.Discard()); });
        Event(() => AssemblyFaulted, e => { e.CorrelateById(m => m.Message.Message.DocumentId); e.OnMissingInstance(m => m.Discard()); });

        Initially(
            When(Started)
                .Then(ctx => ctx.Saga.Start(ctx.Message))
                .Publish(ctx => new InspectDocument(ctx.Saga.CorrelationId, ctx.Saga.BatchId, ctx.Saga.InputBucket, ctx.Saga.Key,
                    ctx.Saga.OutputBucket, ctx.Saga.OutputPrefix, ctx.Saga.Options, ctx.Saga.OutputKeyBase))
                .TransitionTo(Inspecting)
                .ThenAsync(RecordProgress),
            // The batch dispatched it, yet no saga heard of it (its start was lost): it still ends, and the batch with it.
            When(DeadlinePassed)
                .Then(ctx => (ctx.Saga.BatchId, ctx.Saga.Key, ctx.Saga.StartedAt) = (ctx.Message.BatchId, ctx.Message.Key, ctx.Message.LastProgressAt))
                .FailWith(ctx => $"no progress for {Duration(deadline)} while {ctx.Message.LastState}"));

        During(Inspecting,
            When(Inspected)
                .Then(ctx =>
                {
                    (ctx.Saga.PageCount, ctx.Saga.SizeBytes, ctx.Saga.Sha256, ctx.Saga.ETag) =
                        (ctx.Message.PageCount, ctx.Message.SizeBytes, ctx.Message.Sha256, ctx.Message.ETag);
                    ctx.Saga.Timings = ctx.Saga.Timings with { InspectMs = ctx.Message.InspectMs, DownloadMs = ctx.Message.DownloadMs };
                })
                .IfElse(ctx => ctx.Message.PageCount == 0,
                    empty => empty.FailWith(_ => "the PDF has no pages"),
                    pages => pages.IfElse(ctx => ctx.Message.ReadInline is not null,
                        inline => inline
                            .Then(ctx => ctx.Saga.RecordReadInline(ctx.Message.ReadInline!))
                            .Publish(ctx => ctx.Saga.ToFinished())
                            .Finalize(),
                        chunked => chunked.IfElse(ctx => ctx.Message.StoredResultKey is not null,
                        stored => stored
                            .Then(ctx => ctx.Saga.Reused = true)
                            .Publish(ctx => ctx.Saga.ToAssemble())
                            .TransitionTo(Assembling)
                            .ThenAsync(RecordProgress),
                        fresh => fresh
                            .ThenAsync(DispatchChunks)
                            .TransitionTo(Processing)
                            .ThenAsync(RecordProgress)))),
            When(Rejected)
                .Then(ctx => (ctx.Saga.SizeBytes, ctx.Saga.Sha256) = (ctx.Message.SizeBytes, ctx.Message.Sha256))
                .FailWith(ctx => ctx.Message.Reason),
            When(InspectionFaulted)
                .FailWith(ctx => $"inspection failed: {FirstError(ctx.Message)}"));

        During(Processing,
            When(ChunkProcessed)
                .Then(ctx => ctx.Saga.RecordChunk(ctx.Message))
                .ThenAsync(RecordProgress)
                .If(ctx => ctx.Saga.AllChunksIn, all => all
                    .Publish(ctx => ctx.Saga.ToAssemble())
                    .TransitionTo(Assembling)
                    .ThenAsync(RecordProgress)),
            When(ChunkFailed)
                .FailWith(ctx => ctx.Message.Reason),
            When(ChunkFaulted)
                .FailWith(ctx => $"pages {ctx.Message.Message.FirstPage}-{ctx.Message.Message.FirstPage + ctx.Message.Message.PageCount - 1} " +
                                 $"failed after retries: {FirstError(ctx.Message)}"));

        During(Assembling,
            When(Assembled)
                .Then(ctx =>
                {
                    ctx.Saga.Outputs = ctx.Message.Outputs.ToList();
                    (ctx.Saga.Pages, ctx.Saga.Engines) = (ctx.Message.Pages, ctx.Message.Engines.ToList());
                    ctx.Saga.Timings = ctx.Saga.Timings with
                    {
                        AssembleMs = ctx.Message.AssembleMs, UploadMs = ctx.Saga.Timings.UploadMs + ctx.Message.UploadMs,
                    };
                })
                .Publish(ctx => ctx.Saga.ToFinished())
                .Finalize(),
            When(AssemblyFaulted)
                .FailWith(ctx => $"assembly failed: {FirstError(ctx.Message)}"));

        // The sweeper saw no progress in the ledger; the saga fails the document only if it has not moved on since.
        During(Inspecting, Processing, Assembling,
            When(DeadlinePassed)
                .If(ctx => DateTimeOffset.UtcNow - ctx.Saga.LastProgressAt >= deadline, stalled => stalled
                    .FailWith(ctx => $"no progress for {Duration(deadline)} while {Describe(ctx.Saga)}")));

        OnUnhandledEvent(ctx => ctx.Ignore());
        SetCompletedWhenFinalized();
    }

    private static string FirstError<T>(Fault<T> fault) =>
        fault.Exceptions.FirstOrDefault()?.Message ?? "unknown error";

    private static string Describe(DocumentState saga) =>
        saga.CurrentState == "Processing" ? $"Processing ({saga.ChunksIn.Count} of {saga.ChunkCount} chunks in)" : saga.CurrentState;

    private static string Duration(TimeSpan span) =>
        span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} min" : $"{span.TotalSeconds:0.#} s";

    /// <summary>The document moved on: its deadline starts again, here and in the batch's ledger (where the sweeper looks).</summary>
    private static async Task RecordProgress<T>(BehaviorContext<DocumentState, T> ctx) where T : class
    {
        ctx.Saga.LastProgressAt = DateTimeOffset.UtcNow;
        await ctx.GetServiceOrCreateInstance<IBatchDocuments>()
            .RecordProgressAsync(ctx.Saga.BatchId, ctx.Saga.CorrelationId, ctx.Saga.CurrentState, ctx.Saga.LastProgressAt, ctx.CancellationToken);
    }

    private static async Task DispatchChunks(BehaviorContext<DocumentState, DocumentInspected> ctx)
    {
        var saga = ctx.Saga;
        var chunks = PageChunkPlan.For(saga.PageCount, saga.Options.ChunkPages);
        saga.ChunkCount = chunks.Count;
        foreach (var chunk in chunks)
        {
            await ctx.Publish(new ProcessPageChunk(saga.CorrelationId, saga.BatchId, chunk.Index, chunk.FirstPage, chunk.PageCount,
                saga.InputBucket, saga.Key, saga.OutputBucket, saga.ChunkKey(chunk.Index), saga.Options, saga.ETag));
        }
    }
}

internal static class DocumentFailure
{
    /// <summary>Ends the document as failed with a reason people can act on, and tells the batch.</summary>
    public static EventActivityBinder<DocumentState, T> FailWith<T>(
        this EventActivityBinder<DocumentState, T> binder, Func<BehaviorContext<DocumentState, T>, string> reason)
        where T : class =>
        binder
            .Then(ctx => ctx.Saga.FailureReason = reason(ctx))
            .Publish(ctx => ctx.Saga.ToFinished())
            .Finalize();
}
