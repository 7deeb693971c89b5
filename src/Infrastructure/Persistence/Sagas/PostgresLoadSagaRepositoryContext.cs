using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;

namespace Fleet.Infrastructure.Persistence.Sagas;

/// <summary>Reads one instance by id outside a transition (MassTransit's <c>ILoadSagaRepository</c>).</summary>
public sealed class PostgresLoadSagaRepositoryContext<TSaga>(PostgresDbSession session, CancellationToken cancellationToken)
    : BasePipeContext(cancellationToken), LoadSagaRepositoryContext<TSaga>
    where TSaga : class, ISaga
{
    /// <summary>The instance, or null (MassTransit's contract, not annotated) when there is none.</summary>
    public async Task<TSaga> Load(Guid correlationId) => (await SagaRows<TSaga>.ReadAsync(session, correlationId, CancellationToken))!;
}
