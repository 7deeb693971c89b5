using Fleet.Infrastructure.Passwords;

namespace Fleet.Orchestrator.Batches;

/// <summary>
/// Deletes a batch's passwords (<see cref="IBatchPasswords"/>) once it has ended, however it ended: nothing reads them
/// after that, and a password kept is a password that can leak.
/// </summary>
public sealed class ForgetBatchPasswordsConsumer(IBatchPasswords passwords)
    : IConsumer<BatchCompleted>, IConsumer<BatchFailed>, IConsumer<BatchRejected>
{
    public Task Consume(ConsumeContext<BatchCompleted> context) => passwords.ForgetAsync(context.Message.BatchId, context.CancellationToken);

    public Task Consume(ConsumeContext<BatchFailed> context) => passwords.ForgetAsync(context.Message.BatchId, context.CancellationToken);

    public Task Consume(ConsumeContext<BatchRejected> context) => passwords.ForgetAsync(context.Message.BatchId, context.CancellationToken);
}
