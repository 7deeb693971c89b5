using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.Extensions.Configuration;

namespace Fleet.Infrastructure.Persistence.Sagas;

public static class SagaRepositoryRegistration
{
    /// <summary>
    /// MassTransit's in-memory repository when <c>Fleet:Database:Kind</c> is InMemory, <see cref="PostgresSagaRepository{TSaga}"/>
    /// when Postgres (which needs <see cref="DatabaseRegistration.AddFleetDatabase"/>, and the endpoint's
    /// <c>UseFleetInboxOutbox</c> for its writes to share the message's transaction).
    /// </summary>
    public static ISagaRegistrationConfigurator<T> FleetRepository<T>(this ISagaRegistrationConfigurator<T> saga, IConfiguration configuration)
        where T : class, ISaga
    {
        if (DatabaseOptions.From(configuration).Kind != DatabaseKind.Postgres)
            return saga.InMemoryRepository();
        return saga.Repository(repository =>
        {
            repository.RegisterSagaRepository<T, IDbSession, SagaConsumeContextFactory<IDbSession, T>, PostgresSagaRepository<T>>();
            repository.RegisterLoadSagaRepository<T, PostgresSagaRepository<T>>();
        });
    }
}
