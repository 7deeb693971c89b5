using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;

namespace Fleet.Infrastructure.Persistence.Sagas;

/// <summary>One consumed message's view of a saga type's rows, inside the session's transaction.</summary>
public sealed class PostgresSagaRepositoryContext<TSaga, TMessage>(
    PostgresDbSession session, ConsumeContext<TMessage> consumeContext, ISagaConsumeContextFactory<IDbSession, TSaga> factory)
    : ConsumeContextScope<TMessage>(consumeContext, session), SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISaga
    where TMessage : class
{
    /// <summary>The version each instance was read at, checked again when it is written back.</summary>
    readonly Dictionary<Guid, int> _versions = [];

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> context, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        factory.CreateSagaConsumeContext(session, context, instance, mode);

    /// <summary>A new instance for a missing one; written by <see cref="Save"/> after its first transition.</summary>
    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        factory.CreateSagaConsumeContext(session, this, instance, SagaConsumeContextMode.Add);

    /// <summary>Inserts before the transition (the policy's insert-on-initial); null when the instance already exists.</summary>
    public async Task<SagaConsumeContext<TSaga, TMessage>?> Insert(TSaga instance)
    {
        if (!await SagaRows<TSaga>.TryInsertAsync(session, instance, CancellationToken))
            return null;
        _versions[instance.CorrelationId] = 1;
        return await factory.CreateSagaConsumeContext(session, this, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>?> Load(Guid correlationId)
    {
        if (await SagaRows<TSaga>.LockAsync(session, correlationId, CancellationToken) is not var (instance, version))
            return null;
        _versions[correlationId] = version;
        return await factory.CreateSagaConsumeContext(session, this, instance, SagaConsumeContextMode.Load);
    }

    public async Task Save(SagaConsumeContext<TSaga> context)
    {
        // The creation lock taken when Load found nothing is still held, so no other transaction can have inserted it.
        if (!await SagaRows<TSaga>.TryInsertAsync(session, context.Saga, CancellationToken))
            throw new SagaException($"{SagaRows<TSaga>.SagaType} {context.Saga.CorrelationId} was created concurrently.",
                typeof(TSaga), context.Saga.CorrelationId);
        _versions[context.Saga.CorrelationId] = 1;
    }

    public Task Update(SagaConsumeContext<TSaga> context) =>
        SagaRows<TSaga>.UpdateAsync(session, context.Saga, _versions[context.Saga.CorrelationId], CancellationToken);

    public Task Delete(SagaConsumeContext<TSaga> context) =>
        SagaRows<TSaga>.DeleteAsync(session, context.Saga.CorrelationId, CancellationToken);

    /// <summary>A new instance that finished in its first transition, or failed: it was never written.</summary>
    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    /// <summary>A read-only policy wrote nothing; the row lock ends with the transaction.</summary>
    public Task Undo(SagaConsumeContext<TSaga> context) => Task.CompletedTask;
}
