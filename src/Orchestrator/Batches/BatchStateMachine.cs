using Fleet.Contracts.Documents;
using Microsoft.Extensions.Options;

namespace Fleet.Orchestrator.Batches;

/// <summary>
/// One batch: start its documents with a cap on how many are active at once, count each back in (succeeded or
/// failed), then have the manifest written. Ends on <see cref="BatchCompleted"/>.
/// </summary>
public sealed class BatchStateMachine : MassTransitStateMachine<BatchState>
{
    public State Running { get; private set; } = null!;
    public State Finishing { get; private set; } = null!;

    public Event<BatchReceived> Received { get; private set; } = null!;
    public Event<DocumentFinished> DocumentFinished { get; private set; } = null!;
    public Event<BatchCompleted> Completed { get; private set; } = null!;

    public BatchStateMachine(IOptions<OrchestratorOptions> options)
    {
        var maxActive = options.Value.MaxActiveDocuments;
        InstanceState(x => x.CurrentState);

        Event(() => Received, e => e.CorrelateById(m => m.Message.BatchId));
        Event(() => DocumentFinished, e => e.CorrelateById(m => m.Message.BatchId));
        Event(() => Completed, e => e.CorrelateById(m => m.Message.BatchId));

        Initially(
            When(Received)
                .Then(ctx => ctx.Saga.Receive(ctx.Message))
                .ThenAsync(ctx => Dispatch(ctx, maxActive))
                .TransitionTo(Running)
                .If(ctx => ctx.Saga.AllFinished, empty => empty
                    .Publish(ctx => ctx.Saga.ToWriteManifest())
                    .TransitionTo(Finishing)));

        // A redelivered BatchReceived must not restart a batch.
        During(Running, Finishing, Ignore(Received));

        During(Running,
            When(DocumentFinished)
                .Then(ctx => ctx.Saga.RecordFinished(ctx.Message))
                .ThenAsync(ctx => Dispatch(ctx, maxActive))
                .If(ctx => ctx.Saga.AllFinished, done => done
                    .Publish(ctx => ctx.Saga.ToWriteManifest())
                    .TransitionTo(Finishing)));

        During(Finishing,
            Ignore(DocumentFinished),
            When(Completed).Finalize());

        SetCompletedWhenFinalized();
    }

    private static async Task Dispatch<T>(BehaviorContext<BatchState, T> ctx, int maxActive) where T : class
    {
        var submission = ctx.Saga.Submission;
        foreach (var document in ctx.Saga.TakeDispatchable(maxActive))
        {
            await ctx.Publish(new StartDocument(document.DocumentId, ctx.Saga.CorrelationId, submission.InputBucket, document.Key,
                submission.OutputBucket, submission.OutputPrefix, document.OutputKeyBase, submission.Options));
        }
    }
}
