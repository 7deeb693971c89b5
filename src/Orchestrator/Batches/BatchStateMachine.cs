using Fleet.Contracts.Documents;
using Microsoft.Extensions.Options;

namespace Fleet.Orchestrator.Batches;

/// <summary>
/// One batch: start its documents with a cap on how many are active at once, count each back in (succeeded or
/// failed), then have the manifest written. Ends in <see cref="Completed"/> on <see cref="BatchCompleted"/>, and keeps
/// answering <see cref="GetBatchStatus"/> from then on: a finished batch's instance stays, trimmed to its counts.
/// </summary>
public sealed class BatchStateMachine : MassTransitStateMachine<BatchState>
{
    public State Submitted { get; private set; } = null!;
    public State Running { get; private set; } = null!;
    public State Finishing { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Rejected { get; private set; } = null!;

    public Event<SubmitBatch> Submit { get; private set; } = null!;
    public Event<BatchReceived> Received { get; private set; } = null!;
    public Event<BatchRejected> Rejection { get; private set; } = null!;
    public Event<DocumentFinished> DocumentFinished { get; private set; } = null!;
    public Event<BatchCompleted> ManifestWritten { get; private set; } = null!;
    public Event<GetBatchStatus> StatusRequested { get; private set; } = null!;

    public BatchStateMachine(IOptions<OrchestratorOptions> options)
    {
        var maxActive = options.Value.MaxActiveDocuments;
        InstanceState(x => x.CurrentState);

        Event(() => Submit, e => e.CorrelateById(m => m.Message.BatchId));
        Event(() => Received, e => e.CorrelateById(m => m.Message.BatchId));
        Event(() => Rejection, e => e.CorrelateById(m => m.Message.BatchId));
        Event(() => DocumentFinished, e => e.CorrelateById(m => m.Message.BatchId));
        Event(() => ManifestWritten, e => e.CorrelateById(m => m.Message.BatchId));
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
                .Then(ctx => ctx.Saga.Submission = ctx.Message)
                .TransitionTo(Submitted),
            WhenReceived(maxActive),
            WhenRejected());

        During(Submitted, WhenReceived(maxActive), WhenRejected(), Ignore(Submit));

        // A redelivered or re-submitted batch must not restart: its inputs were listed once, with the same ids.
        During(Running, Finishing, Completed, Ignore(Submit), Ignore(Received), Ignore(Rejection));
        During(Rejected, Ignore(Submit), Ignore(Received), Ignore(Rejection));

        During(Running,
            When(DocumentFinished)
                .Then(ctx => ctx.Saga.RecordFinished(ctx.Message))
                .ThenAsync(ctx => Dispatch(ctx, maxActive))
                .If(ctx => ctx.Saga.AllFinished, done => done
                    .Publish(ctx => ctx.Saga.ToWriteManifest())
                    .TransitionTo(Finishing)));

        During(Finishing,
            Ignore(DocumentFinished),
            When(ManifestWritten)
                .Then(ctx => ctx.Saga.Complete(ctx.Message))
                .TransitionTo(Completed));

        During(Completed, Ignore(DocumentFinished), Ignore(ManifestWritten));

        DuringAny(
            When(StatusRequested)
                .Respond(ctx => ctx.Saga.ToStatus(ctx.Saga.CurrentState)));
    }

    private EventActivityBinder<BatchState, BatchReceived> WhenReceived(int maxActive) =>
        When(Received)
            .Then(ctx => ctx.Saga.Receive(ctx.Message))
            .ThenAsync(ctx => Dispatch(ctx, maxActive))
            .TransitionTo(Running)
            .If(ctx => ctx.Saga.AllFinished, empty => empty
                .Publish(ctx => ctx.Saga.ToWriteManifest())
                .TransitionTo(Finishing));

    private EventActivityBinder<BatchState, BatchRejected> WhenRejected() =>
        When(Rejection)
            .Then(ctx => ctx.Saga.RejectedReason = ctx.Message.Reason)
            .TransitionTo(Rejected);

    private static async Task Dispatch<T>(BehaviorContext<BatchState, T> ctx, int maxActive) where T : class
    {
        var submission = ctx.Saga.Submission!;
        foreach (var document in ctx.Saga.TakeDispatchable(maxActive))
        {
            await ctx.Publish(new StartDocument(document.DocumentId, ctx.Saga.CorrelationId, submission.InputBucket, document.Key,
                submission.OutputBucket, submission.OutputPrefix, document.OutputKeyBase, submission.Options));
        }
    }
}
