using Microsoft.Extensions.DependencyInjection;
using Fleet.Infrastructure.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Orchestrator.Batches;

/// <summary>
/// One batch: start its documents from the ledger with a cap on how many are active at once, count each back in
/// (succeeded or failed), then have the manifest written. Ends in <see cref="Completed"/> on
/// <see cref="BatchCompleted"/>, in <see cref="Rejected"/> when its inputs cannot be listed, or in <see cref="Failed"/>
/// when the listing or the manifest faults; in every state it keeps answering <see cref="GetBatchStatus"/>. An event
/// that does not belong to the current state is ignored.
/// <para>
/// <see cref="CancelBatch"/> ends the waiting documents as cancelled in the ledger, lets those in flight finish
/// (<see cref="Cancelling"/>), writes the manifest and ends in <see cref="Cancelled"/>. A cancel before the listing is
/// remembered and applied once the inputs are listed; one after the last document finished changes nothing.
/// </para>
/// </summary>
public sealed class BatchStateMachine : MassTransitStateMachine<BatchState>
{
    public State Submitted { get; private set; } = null!;
    public State Running { get; private set; } = null!;
    public State Cancelling { get; private set; } = null!;
    public State Finishing { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Rejected { get; private set; } = null!;
    public State Failed { get; private set; } = null!;
    public State Cancelled { get; private set; } = null!;

    public Event<SubmitBatch> Submit { get; private set; } = null!;
    public Event<BatchReceived> Received { get; private set; } = null!;
    public Event<BatchRejected> Rejection { get; private set; } = null!;
    public Event<Fault<SubmitBatch>> ListingFaulted { get; private set; } = null!;
    public Event<DocumentFinished> DocumentFinished { get; private set; } = null!;
    public Event<BatchCompleted> ManifestWritten { get; private set; } = null!;
    public Event<Fault<WriteManifest>> ManifestFaulted { get; private set; } = null!;
    public Event<GetBatchStatus> StatusRequested { get; private set; } = null!;
    public Event<CancelBatch> Cancel { get; private set; } = null!;

    public BatchStateMachine(IOptions<OrchestratorOptions> options)
    {
        var maxActive = options.Value.MaxActiveDocuments;
        InstanceState(x => x.CurrentState);

        Event(() => Submit, e => e.CorrelateById(m => m.Message.BatchId));
        Event(() => Received, e => e.CorrelateById(m => m.Message.BatchId));
        Event(() => Rejection, e => e.CorrelateById(m => m.Message.BatchId));
        Event(() => ListingFaulted, e => e.CorrelateById(m => m.Message.Message.BatchId));
        // A batch that is gone (or never was) has nothing to count or finish.
        Event(() => DocumentFinished, e => { e.CorrelateById(m => m.Message.BatchId); e.OnMissingInstance(m => m.Discard()); });
        Event(() => Cancel, e => { e.CorrelateById(m => m.Message.BatchId); e.OnMissingInstance(m => m.Discard()); });
        Event(() => ManifestWritten, e => { e.CorrelateById(m => m.Message.BatchId); e.OnMissingInstance(m => m.Discard()); });
        Event(() => ManifestFaulted, e => { e.CorrelateById(m => m.Message.Message.BatchId); e.OnMissingInstance(m => m.Discard()); });
        Event(() => StatusRequested, e =>
        {
            e.CorrelateById(m => m.Message.BatchId);
            e.ReadOnly = true;
            e.OnMissingInstance(m => m.ExecuteAsync(ctx =>
                ctx.RespondAsync(new BatchStatus(ctx.Message.BatchId, BatchStates.Unknown, 0, 0, 0, null))));
        });

        // The saga hears the submission too, so a batch is known (Submitted) before its inputs are listed.
        Initially(
            When(Submit)
                .Then(ctx => ctx.Saga.Submit(ctx.Message))
                .TransitionTo(Submitted),
            WhenReceived(maxActive),
            WhenRejected(),
            WhenListingFaulted());

        During(Submitted, WhenReceived(maxActive), WhenRejected(), WhenListingFaulted(),
            When(Cancel).Then(ctx => ctx.Saga.CancelRequested = true));

        During(Running,
            When(Cancel)
                .Then(ctx => ctx.Saga.CancelRequested = true)
                .ThenAsync(async ctx => CountCancelled(ctx, await Ledger(ctx).CancelWaitingAsync(ctx.Saga.CorrelationId, ctx.CancellationToken)))
                .TransitionTo(Cancelling)
                .If(ctx => ctx.Saga.AllFinished, done => done
                    .Publish(ctx => ctx.Saga.ToWriteManifest())
                    .TransitionTo(Finishing)));

        During(Running, Cancelling,
            When(DocumentFinished)
                .ThenAsync(async ctx =>
                {
                    if (await Ledger(ctx).FinishAsync(ctx.Saga.CorrelationId, ctx.Message.DocumentId, ctx.Message.Entry, ctx.CancellationToken))
                    {
                        ctx.Saga.CountFinished(ctx.Message.Entry);
                        Finished(ctx, ctx.Message.Entry);
                    }
                    await Dispatch(ctx, maxActive);
                })
                .If(ctx => ctx.Saga.AllFinished, done => done
                    .Publish(ctx => ctx.Saga.ToWriteManifest())
                    .TransitionTo(Finishing)));

        During(Finishing,
            When(ManifestWritten)
                .Then(ctx => ctx.Saga.ManifestKey = ctx.Message.ManifestKey)
                .IfElse(ctx => ctx.Saga.CancelRequested, cancelled => cancelled.TransitionTo(Cancelled), completed => completed.TransitionTo(Completed)),
            When(ManifestFaulted)
                .FailBatch(ctx => $"the manifest could not be written to '{ctx.Message.Message.Submission.OutputBucket}': {FirstError(ctx.Message)}", Failed));

        DuringAny(
            When(StatusRequested)
                .Respond(ctx => ctx.Saga.ToStatus(ctx.Saga.CurrentState)));

        // A redelivered or re-submitted batch must not restart (its inputs were listed once, with the same ids), a
        // late answer changes nothing once the batch has moved on: whatever is not handled above is dropped.
        OnUnhandledEvent(ctx => ctx.Ignore());
    }

    private EventActivityBinder<BatchState, BatchReceived> WhenReceived(int maxActive) =>
        When(Received)
            .ThenAsync(async ctx =>
            {
                ctx.Saga.Receive(ctx.Message, await Ledger(ctx).TotalsAsync(ctx.Saga.CorrelationId, ctx.CancellationToken));
                if (ctx.Saga.CancelRequested)
                    CountCancelled(ctx, await Ledger(ctx).CancelWaitingAsync(ctx.Saga.CorrelationId, ctx.CancellationToken));
                await Dispatch(ctx, maxActive);
            })
            .IfElse(ctx => ctx.Saga.CancelRequested, cancelling => cancelling.TransitionTo(Cancelling), running => running.TransitionTo(Running))
            .If(ctx => ctx.Saga.AllFinished, empty => empty
                .Publish(ctx => ctx.Saga.ToWriteManifest())
                .TransitionTo(Finishing));

    private EventActivityBinder<BatchState, BatchRejected> WhenRejected() =>
        When(Rejection)
            .Then(ctx => ctx.Saga.Reason = ctx.Message.Reason)
            .TransitionTo(Rejected);

    private EventActivityBinder<BatchState, Fault<SubmitBatch>> WhenListingFaulted() =>
        When(ListingFaulted)
            .Then(ctx => ctx.Saga.Submission ??= ctx.Message.Message with { Keys = null })
            .FailBatch(ctx => $"listing the inputs failed: {FirstError(ctx.Message)}", Failed);

    private static IBatchDocuments Ledger<T>(BehaviorContext<BatchState, T> ctx) where T : class =>
        ctx.GetServiceOrCreateInstance<IBatchDocuments>();

    /// <summary>A document counted in: into the metrics, and into the log when it failed (not only into the manifest).</summary>
    private static void Finished<T>(BehaviorContext<BatchState, T> ctx, ManifestDocument entry) where T : class
    {
        Metrics(ctx)?.DocumentFinished(entry.Status);
        if (entry.Status == DocumentStatus.Failed && Service<ILoggerFactory, T>(ctx) is { } logging)
        {
            logging.CreateLogger<BatchStateMachine>()
                .LogWarning("Document failed: batch {BatchId}, {Key}: {Reason}", ctx.Saga.CorrelationId, entry.Key, entry.Reason);
        }
    }

    private static void CountCancelled<T>(BehaviorContext<BatchState, T> ctx, int cancelled) where T : class
    {
        ctx.Saga.CountCancelled(cancelled);
        var metrics = Metrics(ctx);
        for (var i = 0; i < cancelled && metrics is not null; i++)
            metrics.DocumentFinished(DocumentStatus.Cancelled);
    }

    /// <summary>The host's metrics; none in a test harness that has not added them.</summary>
    private static FleetMetrics? Metrics<T>(BehaviorContext<BatchState, T> ctx) where T : class => Service<FleetMetrics, T>(ctx);

    private static TService? Service<TService, T>(BehaviorContext<BatchState, T> ctx) where T : class where TService : class =>
        ctx.TryGetPayload<IServiceProvider>(out var services) ? services.GetService<TService>() : null;

    private static string FirstError<T>(Fault<T> fault) =>
        fault.Exceptions.FirstOrDefault()?.Message ?? "unknown error";

    /// <summary>Starts as many waiting documents as the cap allows, in listing order.</summary>
    private static async Task Dispatch<T>(BehaviorContext<BatchState, T> ctx, int maxActive) where T : class
    {
        var free = maxActive - ctx.Saga.Active;
        if (free <= 0)
            return;
        var submission = ctx.Saga.Submission!;
        var started = await Ledger(ctx).StartNextAsync(ctx.Saga.CorrelationId, free, DateTimeOffset.UtcNow, ctx.CancellationToken);
        foreach (var document in started)
        {
            await ctx.Publish(new StartDocument(document.DocumentId, ctx.Saga.CorrelationId, submission.InputBucket, document.Key,
                submission.OutputBucket, submission.OutputPrefix, document.OutputKeyBase, submission.Options));
        }
        ctx.Saga.Active += started.Count;
    }
}

internal static class BatchFailure
{
    /// <summary>Ends the batch in Failed with a reason people can act on, and tells whoever waits for it.</summary>
    public static EventActivityBinder<BatchState, T> FailBatch<T>(
        this EventActivityBinder<BatchState, T> binder, Func<BehaviorContext<BatchState, T>, string> reason, State failed)
        where T : class =>
        binder
            .Then(ctx => ctx.Saga.Reason = reason(ctx))
            .Publish(ctx => new BatchFailed(ctx.Saga.CorrelationId, ctx.Saga.Reason!))
            .TransitionTo(failed);
}
