using MassTransit;
using MassTransit.Saga;

namespace Fleet.Infrastructure.Persistence.Sagas;

/// <summary>
/// Saga instances of <typeparamref name="TSaga"/> in <c>fleet.saga_instances</c>. A transition reads its instance
/// with <c>select ... for update</c> in the consumed message's transaction (the inbox/outbox filter's, through
/// <see cref="IDbSession"/>), so replicas serialise per instance and its update commits with the messages it
/// published. Without that filter the repository opens and commits a transaction of its own.
/// </summary>
public sealed class PostgresSagaRepository<TSaga>(PostgresDbSession session, ISagaConsumeContextFactory<IDbSession, TSaga> factory)
    : ISagaRepositoryContextFactory<TSaga>, ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISaga
{
    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class
    {
        var ownTransaction = session.Transaction is null;
        if (ownTransaction)
            await session.BeginAsync(context.CancellationToken);
        try
        {
            await next.Send(new PostgresSagaRepositoryContext<TSaga, T>(session, context, factory));
            if (ownTransaction)
                await session.CommitAsync(context.CancellationToken);
        }
        catch when (ownTransaction)
        {
            await session.RollbackAsync();
            throw;
        }
    }

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class =>
        Task.FromException(new NotSupportedException($"{typeof(TSaga).Name}: the PostgreSQL saga repository correlates by id only (CorrelateById), not by query."));

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new PostgresLoadSagaRepositoryContext<TSaga>(session, cancellationToken));

    public void Probe(ProbeContext context) => context.Add("persistence", "postgresql");
}
